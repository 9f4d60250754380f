package com.refundpipeline.archfixture.aws.cases;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Breaks the adapter boundary: a shared service that reads DynamoDB items itself. */
public class CaseLookup {

    public String status(Map<String, AttributeValue> item) {
        return item.get("status").s();
    }
}
