package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.number;
import static com.refundpipeline.store.dynamo.Attributes.s;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.OrderPosition;
import com.refundpipeline.store.OrderLedger;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The order ledger in DynamoDB; reservations are written with the case (see DynamoCaseRepository). */
@ApplicationScoped
public class DynamoOrderLedger implements OrderLedger {

    /** Units of a sku committed to refunds are kept as one counter per sku: "units:" followed by the sku. */
    static final String UNITS_PREFIX = "units:";

    private final DynamoDbClient dynamo;
    private final PipelineConfig config;

    public DynamoOrderLedger(DynamoDbClient dynamo, PipelineConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    @Override
    public OrderPosition position(String orderId, String currency, long capturedAmount) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(
                                PipelineConfig.required(config.tables().orderLedger(), "REFUNDS_TABLES_ORDER_LEDGER"))
                        .key(Map.of("order_id", s(orderId)))
                        .consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return OrderPosition.untouched(orderId, currency, capturedAmount);
        }
        AttributeValue cases = item.get("committed_cases");
        Map<String, Long> units = new HashMap<>();
        item.forEach((name, value) -> {
            if (name.startsWith(UNITS_PREFIX) && value.n() != null) {
                units.put(name.substring(UNITS_PREFIX.length()), Long.parseLong(value.n()));
            }
        });
        return new OrderPosition(
                orderId,
                Attributes.string(item, "currency"),
                number(item, "captured_amount"),
                number(item, "committed_amount"),
                cases == null ? Set.of() : Set.copyOf(cases.ss()),
                Map.copyOf(units));
    }
}
