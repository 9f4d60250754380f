package com.refundpipeline.archfixture.clean.store.dynamo;

import com.refundpipeline.archfixture.clean.domain.Money;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

public class DynamoCases {

    public Money requested(Map<String, AttributeValue> item) {
        return new Money(
                Long.parseLong(item.get("amount").n()), item.get("currency").s());
    }
}
