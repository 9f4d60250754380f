package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.n;
import static com.refundpipeline.store.dynamo.Attributes.number;
import static com.refundpipeline.store.dynamo.Attributes.s;
import static com.refundpipeline.store.dynamo.Attributes.string;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.store.StoreCreditLedger;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The store-credit ledger in one DynamoDB table: partition {@code account_id} = customer and currency, sort
 * {@code entry_id}; entries are {@code entry#<payout key>} and are never updated; {@code balance} is the running
 * balance, moved in the same transaction as the entry it adds.
 */
@ApplicationScoped
public class DynamoStoreCreditLedger implements StoreCreditLedger {

    static final String BALANCE = "balance";
    static final String ENTRY = "entry#";
    static final String COUPON = "coupon#";

    private final DynamoDbClient dynamo;
    private final PipelineConfig config;

    public DynamoStoreCreditLedger(DynamoDbClient dynamo, PipelineConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    private String table() {
        return PipelineConfig.required(config.tables().storeCredit(), "REFUNDS_TABLES_STORE_CREDIT");
    }

    static String account(String customerId, String currency) {
        return customerId + "#" + currency;
    }

    @Override
    public Entry credit(Entry entry) {
        String account = account(entry.customerId(), entry.currency());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("account_id", s(account));
        item.put("entry_id", s(ENTRY + entry.entryId()));
        item.put("customer_id", s(entry.customerId()));
        item.put("currency", s(entry.currency()));
        item.put("case_id", s(entry.caseId()));
        item.put("amount", n(entry.amount()));
        item.put("bonus_amount", n(entry.bonusAmount()));
        item.put("created_at", Attributes.time(entry.createdAt()));
        Put put = Put.builder()
                .tableName(table())
                .item(item)
                .conditionExpression("attribute_not_exists(entry_id)")
                .build();
        Update balance = Update.builder()
                .tableName(table())
                .key(Map.of("account_id", s(account), "entry_id", s(BALANCE)))
                .updateExpression("ADD #balance :total SET updated_at = :at, currency = :currency")
                .expressionAttributeNames(Map.of("#balance", "balance"))
                .expressionAttributeValues(Map.of(
                        ":total",
                        n(entry.total()),
                        ":at",
                        Attributes.time(entry.createdAt()),
                        ":currency",
                        s(entry.currency())))
                .build();
        try {
            dynamo.transactWriteItems(tx -> tx.transactItems(
                    TransactWriteItem.builder().put(put).build(),
                    TransactWriteItem.builder().update(balance).build()));
            return entry;
        } catch (TransactionCanceledException cancelled) {
            if (!cancelled.cancellationReasons().isEmpty()
                    && "ConditionalCheckFailed"
                            .equals(cancelled.cancellationReasons().get(0).code())) {
                return find(entry.customerId(), entry.currency(), entry.entryId())
                        .orElseThrow();
            }
            throw cancelled;
        }
    }

    @Override
    public Optional<Entry> find(String customerId, String currency, String entryId) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table())
                        .key(Map.of("account_id", s(account(customerId, currency)), "entry_id", s(ENTRY + entryId)))
                        .consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Entry(
                string(item, "customer_id"),
                string(item, "currency"),
                entryId,
                string(item, "case_id"),
                number(item, "amount"),
                number(item, "bonus_amount"),
                Attributes.instant(item, "created_at")));
    }

    @Override
    public Coupon issueCoupon(Coupon coupon) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("account_id", s(account(coupon.customerId(), coupon.currency())));
        item.put("entry_id", s(COUPON + coupon.payoutKey()));
        item.put("customer_id", s(coupon.customerId()));
        item.put("currency", s(coupon.currency()));
        item.put("case_id", s(coupon.caseId()));
        item.put("code", s(coupon.code()));
        item.put("amount", n(coupon.amount()));
        item.put("coupon_status", s("active"));
        item.put("created_at", Attributes.time(coupon.createdAt()));
        try {
            dynamo.putItem(
                    put -> put.tableName(table()).item(item).conditionExpression("attribute_not_exists(entry_id)"));
            return coupon;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException issued) {
            return findCoupon(coupon.customerId(), coupon.currency(), coupon.payoutKey())
                    .orElseThrow();
        }
    }

    @Override
    public Optional<Coupon> findCoupon(String customerId, String currency, String payoutKey) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table())
                        .key(Map.of("account_id", s(account(customerId, currency)), "entry_id", s(COUPON + payoutKey)))
                        .consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Coupon(
                string(item, "customer_id"),
                string(item, "currency"),
                payoutKey,
                string(item, "case_id"),
                string(item, "code"),
                number(item, "amount"),
                Attributes.instant(item, "created_at")));
    }

    @Override
    public long balance(String customerId, String currency) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table())
                        .key(Map.of("account_id", s(account(customerId, currency)), "entry_id", s(BALANCE)))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? 0 : number(item, "balance");
    }
}
