package com.refundpipeline.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.UUID;

/** Feeding queue messages to the exported function the way Lambda's SQS event source does. */
public final class Pipeline {

    private Pipeline() {}

    /** Invokes the exported function with an SQS event; returns the ids it reported in batchItemFailures. */
    public static List<String> deliver(String queueArn, List<String> messageIds, List<String> bodies) {
        String response = given().contentType("application/json")
                .body(LambdaEvents.sqs(queueArn, messageIds, bodies))
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        if (response == null || response.isBlank()) {
            return List.of();
        }
        return new JsonPath(response).getList("batchItemFailures.itemIdentifier", String.class);
    }

    public static List<String> deliver(String queueArn, List<LocalAws.QueuedMessage> messages) {
        return deliver(
                queueArn,
                messages.stream().map(LocalAws.QueuedMessage::messageId).toList(),
                messages.stream().map(LocalAws.QueuedMessage::body).toList());
    }

    public static String newKey() {
        return UUID.randomUUID().toString();
    }
}
