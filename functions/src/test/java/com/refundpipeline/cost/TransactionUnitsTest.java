package com.refundpipeline.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.refundpipeline.fuzz.LocalDynamo;
import com.refundpipeline.testing.CallMeter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * What DynamoDB Local reports for a transaction's items, against the same writes made alone (ADR 0012). AWS bills a
 * transactional write twice per KB of each item ("two underlying reads or writes of every item in the transaction:
 * one to prepare the transaction and one to commit", the developer guide's "Capacity management for transactions");
 * DynamoDB Local 2.6.1 reports four times. {@link CallMeter#awsBilled} counts what AWS bills, and this pins the factor
 * it corrects: if DynamoDB Local changes its count, this fails rather than the budget silently halving a right figure.
 */
class TransactionUnitsTest {

    static LocalDynamo local;
    static String table;

    @BeforeAll
    static void start() {
        local = new LocalDynamo("VerifyEvidenceFunction");
        table = local.config().tables().orderLedger().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    static Map<String, AttributeValue> item(int bytes) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("order_id", AttributeValue.fromS("ord_" + UUID.randomUUID()));
        item.put("pad", AttributeValue.fromS("x".repeat(bytes)));
        return item;
    }

    double alone(Map<String, AttributeValue> item) {
        DynamoDbClient dynamo = local.dynamo();
        return dynamo.putItem(p -> p.tableName(table).item(item).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity()
                .capacityUnits();
    }

    double inTransaction(Map<String, AttributeValue>... items) {
        DynamoDbClient dynamo = local.dynamo();
        return dynamo
                .transactWriteItems(t -> t.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                        .transactItems(java.util.Arrays.stream(items)
                                .map(i -> TransactWriteItem.builder()
                                        .put(p -> p.tableName(table).item(i))
                                        .build())
                                .toList()))
                .consumedCapacity()
                .stream()
                .mapToDouble(c -> c.capacityUnits())
                .sum();
    }

    @Test
    void aTransactionsItemIsReportedFourTimesWhatItCostsAlone() {
        assertEquals(1.0, alone(item(100)));
        assertEquals(2.0, alone(item(1500)));
        assertEquals(4.0, inTransaction(item(100)));
        assertEquals(8.0, inTransaction(item(1500)));
        assertEquals(12.0, inTransaction(item(1500), item(100)));
    }

    @Test
    void theMeterCountsWhatAwsBills() {
        // Twice per KB of each item, as AWS bills a transaction: the 100-byte item 2, the 1.5 KB one 4.
        assertEquals(6.0, CallMeter.awsBilled("TransactWriteItems", inTransaction(item(1500), item(100))));
        assertEquals(2.0, CallMeter.awsBilled("PutItem", alone(item(1500))));
    }
}
