package com.refundpipeline.localstack.template;

import java.util.List;

/**
 * Resources that exist only on AWS and that the local stack does not run: the console's user pool and its groups
 * and client, the HTTP API in front of review-case, the console's bucket and CloudFront distribution. Their
 * references are checked like any other; when an output refers to one, it resolves to a marker saying so. The local
 * stack stands in for what matters of them itself: its gateway verifies a locally signed JWT for the HTTP API's
 * routes and serves the console with the same security headers. The store's EventBridge bus is reached through the
 * SDK's endpoint variable ({@code AWS_ENDPOINT_URL_EVENTBRIDGE}), not through the template.
 */
final class AwsOnlyResources {

    static final List<String> PREFIXES = List.of(
            "AWS::Cognito::",
            "AWS::CloudFront::",
            "AWS::S3::",
            "AWS::Serverless::HttpApi",
            "AWS::ApiGatewayV2::",
            "AWS::Events::EventBus");

    private AwsOnlyResources() {}

    static boolean isAwsOnly(String type) {
        return type != null && PREFIXES.stream().anyMatch(type::startsWith);
    }

    /** What a reference to such a resource resolves to locally: not a usable value, and visibly so. */
    static String marker(String logicalId, String attribute) {
        return "aws-only:" + logicalId + (attribute == null ? "" : "." + attribute);
    }
}
