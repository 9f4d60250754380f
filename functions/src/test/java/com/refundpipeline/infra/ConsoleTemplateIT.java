package com.refundpipeline.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.refundpipeline.localstack.template.CfnYaml;
import com.refundpipeline.localstack.template.LocalEndpoints;
import com.refundpipeline.localstack.template.StackTemplate;
import com.refundpipeline.localstack.template.TemplateReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's part of the template (issue 16): review-case reachable only through the HTTP API's JWT authorizer
 * on the console's user pool, a group per authority tier, the static files private behind CloudFront with origin
 * access control and strict security headers; and the local stack reads it as a JWT-guarded route.
 */
class ConsoleTemplateIT {

    static Map<String, Object> resources;
    static StackTemplate resolved;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        Map<String, Object> raw = CfnYaml.load(
                Files.newBufferedReader(TemplateContractIT.TEMPLATE), TemplateContractIT.TEMPLATE.toString());
        resources = (Map<String, Object>) raw.get("Resources");
        resolved = new TemplateReader(
                        new LocalEndpoints(
                                LocalEndpoints.DEFAULT_REGION,
                                LocalEndpoints.DEFAULT_ACCOUNT,
                                "refunds-test",
                                URI.create("http://127.0.0.1:9324"),
                                URI.create("http://localhost:8080")),
                        Map.of("Stage", "test"))
                .read(TemplateContractIT.TEMPLATE);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(String id) {
        Map<String, Object> resource = (Map<String, Object>) resources.get(id);
        assertTrue(resource != null, "the template declares " + id);
        return (Map<String, Object>) resource.get("Properties");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void reviewCaseIsReachedOnlyThroughTheJwtAuthorizer() {
        Map<String, Object> function = props("ReviewCaseFunction");
        assertNull(function.get("FunctionUrlConfig"), "no function URL beside the API");
        Map<String, Object> event = map(map(function.get("Events")).get("ConsoleApi"));
        assertEquals("HttpApi", event.get("Type"));
        assertEquals(Map.of("Ref", "ConsoleApi"), map(event.get("Properties")).get("ApiId"));
        assertEquals("2.0", map(event.get("Properties")).get("PayloadFormatVersion"));

        Map<String, Object> auth = map(props("ConsoleApi").get("Auth"));
        String authorizer = (String) auth.get("DefaultAuthorizer");
        Map<String, Object> jwt =
                map(map(map(auth.get("Authorizers")).get(authorizer)).get("JwtConfiguration"));
        assertTrue(jwt.get("issuer").toString().contains("${ConsoleUserPool}"), "issuer is the console's pool");
        assertEquals(List.of(Map.of("Ref", "ConsoleUserPoolClient")), jwt.get("audience"));
        assertEquals(
                "$request.header.Authorization",
                map(map(auth.get("Authorizers")).get(authorizer)).get("IdentitySource"));

        Map<String, Object> client = props("ConsoleUserPoolClient");
        assertEquals(false, client.get("GenerateSecret"), "a browser keeps no secret");
        assertEquals(List.of("code"), client.get("AllowedOAuthFlows"));
        assertEquals(
                true, map(props("ConsoleUserPool").get("AdminCreateUserConfig")).get("AllowAdminCreateUserOnly"));

        StackTemplate.Function local = resolved.functions().stream()
                .filter(f -> f.logicalId().equals("ReviewCaseFunction"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                StackTemplate.FunctionUrl.JWT,
                local.url().orElseThrow().authType(),
                "the local stack guards it with its own JWT check");
    }

    @Test
    void everyAuthorityTierOfThePolicyIsAGroup() throws IOException {
        JsonNode policy;
        try (InputStream in = getClass().getResourceAsStream("/policy/default.json")) {
            policy = new ObjectMapper().readTree(in);
        }
        List<String> groups = new ArrayList<>();
        resources.forEach((id, r) -> {
            if ("AWS::Cognito::UserPoolGroup".equals(map(r).get("Type"))) {
                Map<String, Object> p = map(map(r).get("Properties"));
                assertEquals(Map.of("Ref", "ConsoleUserPool"), p.get("UserPoolId"), id);
                groups.add((String) p.get("GroupName"));
            }
        });
        for (JsonNode tier : policy.path("authority")) {
            assertTrue(groups.contains(tier.path("tier").asText()), "a group for tier " + tier.path("tier"));
        }
    }

    @Test
    void theConsoleIsPrivateBehindCloudFrontWithStrictHeaders() throws IOException {
        Map<String, Object> block = map(props("ConsoleBucket").get("PublicAccessBlockConfiguration"));
        block.values().forEach(v -> assertEquals(true, v, "all public access blocked: " + block));
        Map<String, Object> statement = map(((List<?>)
                        map(props("ConsoleBucketPolicy").get("PolicyDocument")).get("Statement"))
                .get(0));
        assertEquals(Map.of("Service", "cloudfront.amazonaws.com"), statement.get("Principal"));
        assertEquals("s3:GetObject", statement.get("Action"));
        assertTrue(
                map(map(statement.get("Condition")).get("StringEquals"))
                        .get("AWS:SourceArn")
                        .toString()
                        .contains("${ConsoleDistribution}"),
                "only this distribution may read");

        Map<String, Object> config = map(props("ConsoleDistribution").get("DistributionConfig"));
        Map<String, Object> origin = map(((List<?>) config.get("Origins")).get(0));
        assertEquals(
                Map.of("Fn::GetAtt", List.of("ConsoleOriginAccessControl", "Id")), origin.get("OriginAccessControlId"));
        Map<String, Object> behaviour = map(config.get("DefaultCacheBehavior"));
        assertEquals("redirect-to-https", behaviour.get("ViewerProtocolPolicy"));
        assertEquals(Map.of("Ref", "ConsoleSecurityHeaders"), behaviour.get("ResponseHeadersPolicyId"));

        Map<String, Object> headers = map(map(props("ConsoleSecurityHeaders").get("ResponseHeadersPolicyConfig"))
                .get("SecurityHeadersConfig"));
        String csp = map(map(headers.get("ContentSecurityPolicy")).get("ContentSecurityPolicy"))
                .get("Fn::Sub")
                .toString();
        for (String directive : List.of(
                "default-src 'none'",
                "script-src 'self';",
                "frame-ancestors 'none'",
                "object-src 'none'",
                "base-uri 'none'")) {
            assertTrue(csp.contains(directive), "CSP has " + directive + ": " + csp);
        }
        assertFalse(csp.contains("unsafe"), "no unsafe-inline or unsafe-eval: " + csp);
        assertEquals("DENY", map(headers.get("FrameOptions")).get("FrameOption"));
        assertTrue(((Number) map(headers.get("StrictTransportSecurity")).get("AccessControlMaxAgeSec")).longValue()
                >= 31536000);

        // Images only from the policy's evidence hosts.
        String imageSources = resolved.parameters().get("ConsoleImageSources");
        JsonNode hosts;
        try (InputStream in = getClass().getResourceAsStream("/policy/default.json")) {
            hosts = new ObjectMapper().readTree(in).path("evidence").path("allowed_hosts");
        }
        for (JsonNode host : hosts) {
            assertTrue(
                    List.of(imageSources.split("\\s+")).contains("https://" + host.asText()),
                    "img-src lets the console show evidence from " + host);
        }
    }
}
