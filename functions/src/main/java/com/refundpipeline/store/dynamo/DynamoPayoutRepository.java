package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.s;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.Payout;
import com.refundpipeline.json.Json;
import com.refundpipeline.store.PayoutRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Payouts keyed by idempotency key; the status is a top-level attribute so writes can be conditioned on it. */
@ApplicationScoped
public class DynamoPayoutRepository implements PayoutRepository {

    private final DynamoDbClient dynamo;
    private final PipelineConfig config;

    public DynamoPayoutRepository(DynamoDbClient dynamo, PipelineConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    private String table() {
        return PipelineConfig.required(config.tables().payouts(), "REFUNDS_TABLES_PAYOUTS");
    }

    @Override
    public boolean recordIntent(Payout intent) {
        try {
            dynamo.putItem(put -> put.tableName(table())
                    .item(toItem(intent))
                    .conditionExpression("attribute_not_exists(idempotency_key)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public boolean recordClaimedIntent(Payout intent, String owner, Instant now, Duration lease) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(toItem(intent));
        item.put("claimed_by", s(owner));
        item.put("claimed_until", Attributes.n(now.plus(lease).toEpochMilli()));
        try {
            dynamo.putItem(put ->
                    put.tableName(table()).item(item).conditionExpression("attribute_not_exists(idempotency_key)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Optional<Payout> find(String idempotencyKey) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table())
                        .key(Map.of("idempotency_key", s(idempotencyKey)))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty()
                ? Optional.empty()
                : Optional.of(Json.read(item.get("document").s(), Payout.class));
    }

    @Override
    public boolean recordOutcome(Payout outcome) {
        try {
            dynamo.putItem(put -> put.tableName(table())
                    .item(toItem(outcome))
                    // A settled payout is final: a late or repeated outcome never overwrites it.
                    .conditionExpression("attribute_exists(idempotency_key) AND #status IN (:pending, :unknown)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":pending", s(Payout.Status.PENDING.wire()), ":unknown", s(Payout.Status.UNKNOWN.wire()))));
            return true;
        } catch (ConditionalCheckFailedException settled) {
            return false;
        }
    }

    @Override
    public boolean claim(String idempotencyKey, String owner, Instant now, Duration lease) {
        try {
            dynamo.updateItem(update -> update.tableName(table())
                    .key(Map.of("idempotency_key", s(idempotencyKey)))
                    .updateExpression("SET claimed_by = :owner, claimed_until = :until")
                    // Epoch milliseconds: numbers compare as times, ISO strings of varying precision do not.
                    .conditionExpression("attribute_exists(idempotency_key) AND #status IN (:pending, :unknown) "
                            + "AND (attribute_not_exists(claimed_until) OR claimed_until < :now)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":owner", s(owner),
                            ":until", Attributes.n(now.plus(lease).toEpochMilli()),
                            ":now", Attributes.n(now.toEpochMilli()),
                            ":pending", s(Payout.Status.PENDING.wire()),
                            ":unknown", s(Payout.Status.UNKNOWN.wire()))));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    @Override
    public void release(String idempotencyKey, String owner) {
        try {
            dynamo.updateItem(update -> update.tableName(table())
                    .key(Map.of("idempotency_key", s(idempotencyKey)))
                    .updateExpression("REMOVE claimed_by, claimed_until")
                    .conditionExpression("claimed_by = :owner")
                    .expressionAttributeValues(Map.of(":owner", s(owner))));
        } catch (ConditionalCheckFailedException notOurs) {
            // Settled (the outcome write replaces the item) or claimed by someone else after our lease: fine.
        }
    }

    private static Map<String, AttributeValue> toItem(Payout payout) {
        return Map.of(
                "idempotency_key", s(payout.idempotencyKey()),
                "case_id", s(payout.caseId()),
                "status", s(payout.status().wire()),
                "amount", Attributes.n(payout.amount()),
                "currency", s(payout.currency()),
                "document", s(Json.write(payout)));
    }
}
