package com.refundpipeline.localstack.template;

import java.net.URI;

/**
 * What the local stack looks like from inside, so that {@code !Ref} and {@code !GetAtt} resolve to values the
 * functions can use: a queue's {@code !Ref} is its URL on the local ElasticMQ, an ARN names the local account.
 *
 * @param region          the region every ARN and the functions' AWS_REGION name
 * @param accountId       the account id in every ARN (ElasticMQ's default, so its ARNs match ours)
 * @param stackName       what AWS::StackName resolves to
 * @param sqsEndpoint     base URL of the local SQS, e.g. http://127.0.0.1:9324
 * @param functionUrlBase base URL of the local function URLs, e.g. http://localhost:8080
 */
public record LocalEndpoints(String region, String accountId, String stackName, URI sqsEndpoint, URI functionUrlBase) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT = "000000000000";

    public String queueUrl(String queueName) {
        return strip(sqsEndpoint) + "/" + accountId + "/" + queueName;
    }

    public String queueArn(String queueName) {
        return "arn:aws:sqs:" + region + ":" + accountId + ":" + queueName;
    }

    public String tableArn(String tableName) {
        return "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + tableName;
    }

    public String functionArn(String functionName) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName;
    }

    public String roleArn(String roleName) {
        return "arn:aws:iam::" + accountId + ":role/" + roleName;
    }

    public String managedPolicyArn(String policyName) {
        return "arn:aws:iam::" + accountId + ":policy/" + policyName;
    }

    public String scheduleArn(String group, String scheduleName) {
        return "arn:aws:scheduler:" + region + ":" + accountId + ":schedule/" + group + "/" + scheduleName;
    }

    public String ruleArn(String ruleName) {
        return "arn:aws:events:" + region + ":" + accountId + ":rule/" + ruleName;
    }

    public String functionUrl(String urlName) {
        return strip(functionUrlBase) + "/" + urlName + "/";
    }

    private static String strip(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
