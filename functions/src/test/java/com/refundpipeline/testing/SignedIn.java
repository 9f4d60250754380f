package com.refundpipeline.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Events as an HTTP API with a JWT authorizer hands them on (payload 2.0): the verified claims in
 * requestContext.authorizer.jwt.claims, every value as text and arrays as "[a b]", as API Gateway flattens them.
 */
public final class SignedIn {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The people of the template's default Reviewers, each in the Cognito group of their tier. */
    public static final Map<String, String> TIERS = Map.of("ana", "agent", "sam", "supervisor", "fin", "finance");

    private SignedIn() {}

    /** The event with {@code person}'s verified claims (groups from {@link #TIERS}; none for anyone else). */
    public static String as(String event, String person) {
        return as(event, person, TIERS.containsKey(person) ? "[" + TIERS.get(person) + "]" : "[]");
    }

    public static String as(String event, String person, String groupsClaim) {
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(event);
            ObjectNode jwt = root.with("requestContext").putObject("authorizer").putObject("jwt");
            ObjectNode claims = jwt.putObject("claims");
            claims.put(
                    "sub",
                    "00000000-0000-0000-0000-" + String.format("%012d", Integer.toUnsignedLong(person.hashCode())));
            claims.put("cognito:username", person);
            claims.put("cognito:groups", groupsClaim);
            claims.put("iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test");
            claims.put("aud", "console-client");
            claims.put("token_use", "id");
            claims.put("exp", "4102444800");
            jwt.putNull("scopes");
            return MAPPER.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event with query string parameters, as API Gateway parses them. */
    public static String withQuery(String event, Map<String, String> query) {
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(event);
            ObjectNode params = root.putObject("queryStringParameters");
            query.forEach(params::put);
            StringBuilder raw = new StringBuilder();
            query.forEach((k, v) -> raw.append(raw.isEmpty() ? "" : "&")
                    .append(k)
                    .append('=')
                    .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
            root.put("rawQueryString", raw.toString());
            return MAPPER.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
