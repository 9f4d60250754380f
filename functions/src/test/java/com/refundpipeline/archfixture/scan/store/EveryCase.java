package com.refundpipeline.archfixture.scan.store;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Breaks the no-scan rule: reads a whole table to answer one question, as the old figures did. */
public class EveryCase {

    public List<Map<String, AttributeValue>> all(DynamoDbClient dynamo) {
        return dynamo.scan(scan -> scan.tableName("cases")).items();
    }
}
