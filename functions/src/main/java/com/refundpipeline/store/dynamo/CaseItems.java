package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.instant;
import static com.refundpipeline.store.dynamo.Attributes.n;
import static com.refundpipeline.store.dynamo.Attributes.number;
import static com.refundpipeline.store.dynamo.Attributes.s;
import static com.refundpipeline.store.dynamo.Attributes.string;
import static com.refundpipeline.store.dynamo.Attributes.time;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.Inspection;
import com.refundpipeline.domain.Payout;
import com.refundpipeline.domain.RefundBreakdown;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.json.Json;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * How a case maps onto DynamoDB items (docs/adr/0010-case-item-layout.md). DynamoDB bills a write on the whole
 * item's size, so a case is two items in the cases table:
 * <ul>
 * <li>the <b>request item</b> ({@code case_id = "<id>#request"}): the request as submitted (order lines, items,
 * evidence, the customer's words and contact), written once when the case opens and never again;</li>
 * <li>the <b>case item</b> ({@code case_id = "<id>"}): status, version, times, the index attributes, the timeline, the
 * decision (its summary as JSON; the validators' checks, inputs and line-by-line breakdown compressed in
 * {@code decision_detail}), the payout, and evidence added later ({@code evidence}, only once some was added).
 * Every transition rewrites only this item.</li>
 * <li>the <b>inspection item</b> ({@code case_id = "<id>#inspection"}), only for an inspected return: its lines
 * (sku, received, condition, disposition), written once in the inspection's move (ADR 0030), read by send-follow-up
 * to publish {@code inventory.restock}.</li>
 * </ul>
 * The request and inspection items carry none of the index attributes, so they stay out of every index.
 */
final class CaseItems {

    static final String REQUEST_SUFFIX = "#request";
    static final String INSPECTION_SUFFIX = "#inspection";
    /** The decision item: every decision made on the case, each under its reference (ADR 0036). */
    static final String DECISION_SUFFIX = "#decision";
    /** On the case item: the reference of its decision in the decision item. */
    static final String DECISION_REF = "decision_ref";
    /** How the decision item's attributes that hold a decision are named: this and the decision's reference. */
    static final String DECISION_PREFIX = "d_";
    /** Only open cases carry this attribute, which keeps the open-by-due index sparse. */
    static final String OPEN = "open";
    /** The tier a person escalated the case to; absent until someone does (projected into by-status-due). */
    static final String ESCALATED_TO = "escalated_to";
    /** How many phone calls to the customer were recorded; guards the policy's most attempts per case. */
    static final String CALL_ATTEMPTS = "call_attempts";

    /**
     * The key of the status indexes (by-status, by-status-due): the status, carried only while the case is in a
     * status someone lists. A case passes through the statuses below within seconds, moved by the pipeline itself,
     * and nobody lists them; leaving them out of both indexes saves the two index writes (old key out, new key in)
     * that each move into, within or out of them cost per index (ADR 0011).
     */
    static final String LISTED_STATUS = "listed_status";

    /**
     * The key of the by-status-due index (the console's queues): the status, carried only while the case is listed
     * and open. A settled case leaves the queues, so paying a case writes no entry there.
     */
    static final String QUEUE_STATUS = "queue_status";

    private static final Set<CaseStatus> IN_FLIGHT =
            EnumSet.of(CaseStatus.RECEIVED, CaseStatus.VERIFYING, CaseStatus.APPROVED, CaseStatus.PAYOUT_PENDING);

    /** Whether cases in this status are in the status indexes. */
    static boolean listed(CaseStatus status) {
        return !IN_FLIGHT.contains(status);
    }

    /** Whether cases in this status are in the by-status-due index (the console's queues). */
    static boolean queued(CaseStatus status) {
        return listed(status) && status.isOpen();
    }

    /** The status a by-status query asks for, refused when the index does not carry it (it would find nothing). */
    static AttributeValue listedKey(CaseStatus status) {
        if (!listed(status)) {
            throw new IllegalArgumentException("cases in status " + status.wire()
                    + " are not in the by-status index (in flight, see CaseItems.IN_FLIGHT and ADR 0011)");
        }
        return s(status.wire());
    }

    /** The status a by-status-due query asks for, refused when the index does not carry it. */
    static AttributeValue queueKey(CaseStatus status) {
        if (!queued(status)) {
            throw new IllegalArgumentException("cases in status " + status.wire()
                    + " are not in the by-status-due index (in flight or settled, see CaseItems and ADR 0011)");
        }
        return s(status.wire());
    }

    private CaseItems() {}

    static String requestKey(String caseId) {
        return caseId + REQUEST_SUFFIX;
    }

    static String inspectionKey(String caseId) {
        return caseId + INSPECTION_SUFFIX;
    }

    /**
     * The inspection's write-once item, as an Update (review-case may update the cases table, not put into it) that
     * creates it only where there is none: in the move's transaction, so it exists exactly when the move happened.
     */
    static Update inspectionItem(String table, String caseId, Inspection inspection, java.time.Instant at) {
        List<AttributeValue> lines = new ArrayList<>();
        for (Inspection.Line line : inspection.lines()) {
            lines.add(AttributeValue.fromM(Map.of(
                    "sku", s(line.sku()),
                    "received", n(line.received()),
                    "condition", s(line.condition().wire()),
                    "disposition", s(line.disposition().wire()))));
        }
        return Update.builder()
                .tableName(table)
                .key(key(inspectionKey(caseId)))
                .updateExpression("SET #lines = :lines, #at = :at")
                .conditionExpression("attribute_not_exists(case_id)")
                .expressionAttributeNames(Map.of("#lines", "lines", "#at", "inspected_at"))
                .expressionAttributeValues(Map.of(":lines", AttributeValue.fromL(lines), ":at", time(at)))
                .build();
    }

    /** The inspection recorded on its item (the reviewer's note stays on the timeline only). */
    static Inspection inspection(Map<String, AttributeValue> item) {
        List<Inspection.Line> lines = new ArrayList<>();
        AttributeValue stored = item.get("lines");
        if (stored != null && stored.hasL()) {
            for (AttributeValue v : stored.l()) {
                Map<String, AttributeValue> m = v.m();
                lines.add(new Inspection.Line(
                        string(m, "sku"),
                        number(m, "received"),
                        Inspection.Condition.parse(string(m, "condition")).orElseThrow(),
                        Inspection.Disposition.parse(string(m, "disposition")).orElseThrow()));
            }
        }
        return new Inspection(List.copyOf(lines), null);
    }

    static boolean isRequestItem(Map<String, AttributeValue> item) {
        String id = string(item, "case_id");
        return id != null && id.endsWith(REQUEST_SUFFIX);
    }

    /**
     * The request and decision items expire with their case: the same TTL, set when the case reaches the end of its
     * life; {@code itemKey} is the item's full key.
     */
    static Update requestExpiry(String table, String itemKey, java.time.Instant expiresAt) {
        return Update.builder()
                .tableName(table)
                .key(key(itemKey))
                .updateExpression("SET #expires_at = :expires")
                .expressionAttributeNames(Map.of("#expires_at", "expires_at"))
                .expressionAttributeValues(Map.of(":expires", n(expiresAt.getEpochSecond())))
                .build();
    }

    static Map<String, AttributeValue> key(String caseId) {
        return Map.of("case_id", s(caseId));
    }

    /** The immutable part: written once, when the case opens. */
    static Map<String, AttributeValue> requestItem(RefundCase c) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("case_id", s(requestKey(c.caseId())));
        item.put("request_hash", s(c.requestHash()));
        item.put("request", s(Json.write(c.request())));
        return item;
    }

    /** The mutable part, as it stands when the case opens (or as a test seeds it). */
    static Map<String, AttributeValue> caseItem(RefundCase c) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("case_id", s(c.caseId()));
        item.put("status", s(c.status().wire()));
        item.put("version", n(c.version()));
        item.put("created_at", time(c.createdAt()));
        item.put("updated_at", time(c.updatedAt()));
        item.put("resolution_due_at", time(c.resolutionDueAt()));
        item.put("order_id", s(c.orderId()));
        item.put("customer_id", s(c.customerId()));
        item.put("reason", s(c.request().reason().wire()));
        item.put("requested_amount", n(c.requestedAmount()));
        item.put("currency", s(c.currency()));
        item.put("timeline", AttributeValue.fromL(TimelineCodec.encodeAll(c.timeline())));
        if (c.decision() != null) {
            item.put(DECISION_REF, s(StoredDecision.of(c.decision()).ref()));
        }
        if (c.payout() != null) {
            item.put("payout", payoutValue(c.payout()));
        }
        if (c.status().isOpen()) {
            item.put("open_queue", s(OPEN));
        }
        if (listed(c.status())) {
            item.put(LISTED_STATUS, s(c.status().wire()));
        }
        if (queued(c.status())) {
            item.put(QUEUE_STATUS, s(c.status().wire()));
        }
        if (c.escalatedTo() != null) {
            item.put(ESCALATED_TO, s(c.escalatedTo()));
        }
        return item;
    }

    /**
     * The case from its items: the case item, the request item and the decision item (null or empty when the case has
     * no decision, or one from before ADR 0036 kept on the case item).
     */
    static RefundCase fromItems(
            Map<String, AttributeValue> caseItem,
            Map<String, AttributeValue> requestItem,
            Map<String, AttributeValue> decisionItem) {
        if (requestItem == null || requestItem.isEmpty()) {
            throw new IllegalStateException("case " + string(caseItem, "case_id") + " has no request item");
        }
        RefundRequest request = Json.read(string(requestItem, "request"), RefundRequest.class);
        String evidence = string(caseItem, "evidence");
        if (evidence != null) {
            request = request.withEvidence(List.of(Json.read(evidence, RefundRequest.Evidence[].class)));
        }
        String payout = string(caseItem, "payout");
        String caseId = string(caseItem, "case_id");
        List<TimelineEvent> timeline = TimelineCodec.decodeAll(caseItem);
        // request_hash: on the request item since ADR 0036, on the case item before.
        String requestHash = string(requestItem, "request_hash");
        return new RefundCase(
                string(caseItem, "case_id"),
                CaseStatus.fromWire(string(caseItem, "status")),
                number(caseItem, "version"),
                instant(caseItem, "created_at"),
                instant(caseItem, "updated_at"),
                instant(caseItem, "resolution_due_at"),
                request,
                requestHash != null ? requestHash : string(caseItem, "request_hash"),
                number(caseItem, "requested_amount"),
                decision(caseItem, decisionItem),
                payout == null ? null : payout(caseId, payout),
                timeline,
                string(caseItem, ESCALATED_TO));
    }

    /**
     * The conditional write of a transition: on the case item only, at the status and version it was made from; it
     * appends the timeline event and sets only what changed.
     */
    static Update.Builder update(String table, CaseTransition t) {
        RefundCase current = t.current();
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        values.put(":to", s(t.to().wire()));
        values.put(":from", s(t.from().wire()));
        values.put(":expected", n(current.version()));
        values.put(":next", n(current.version() + 1));
        values.put(":at", time(t.event().at()));
        // The event follows the timeline as read: the write is conditional on that version (TimelineCodec, ADR 0037).
        values.put(":event", AttributeValue.fromL(List.of(TimelineCodec.encode(t.event(), current.timeline()))));
        // Every attribute by placeholder: several of our names (status, timeline...) are DynamoDB reserved words.
        StringBuilder set = new StringBuilder(
                "SET #status = :to, #version = :next, #updated_at = :at, #timeline = list_append(#timeline, :event)");
        for (String name : List.of("status", "version", "updated_at", "timeline")) {
            names.put("#" + name, name);
        }
        if (!Objects.equals(t.evidence(), current.request().evidence())) {
            values.put(":evidence", s(Json.write(t.evidence())));
            names.put("#evidence", "evidence");
            set.append(", #evidence = :evidence");
        }
        List<String> remove = new ArrayList<>();
        Decision decided = newDecision(t);
        if (decided != null) {
            // The decision itself was written to the decision item before this move (DynamoCaseRepository); the move
            // names it. A case item from before ADR 0036 loses the decision it carried.
            values.put(":decision_ref", s(StoredDecision.of(decided).ref()));
            names.put("#decision_ref", DECISION_REF);
            set.append(", #decision_ref = :decision_ref");
            names.put("#decision", "decision");
            names.put("#decision_detail", "decision_detail");
            remove.add("#decision");
            remove.add("#decision_detail");
        }
        if (t.payout() != null && !t.payout().equals(current.payout())) {
            values.put(":payout", payoutValue(t.payout()));
            names.put("#payout", "payout");
            set.append(", #payout = :payout");
        }
        if (!t.to().isOpen()) {
            names.put("#open_queue", "open_queue");
            remove.add("#open_queue");
        }
        // The status indexes: a write only when the case enters, leaves or moves within the statuses each lists.
        indexKey(LISTED_STATUS, listed(t.from()), listed(t.to()), t, set, remove, names, values);
        indexKey(QUEUE_STATUS, queued(t.from()), queued(t.to()), t, set, remove, names, values);
        if (t.resolutionDueAt() != null && !t.resolutionDueAt().equals(current.resolutionDueAt())) {
            values.put(":due", time(t.resolutionDueAt()));
            names.put("#resolution_due_at", "resolution_due_at");
            set.append(", #resolution_due_at = :due");
        }
        if (t.expiresAt() != null) {
            // The table's TTL attribute: epoch seconds, as DynamoDB's TTL reads it.
            values.put(":expires", n(t.expiresAt().getEpochSecond()));
            names.put("#expires_at", "expires_at");
            set.append(", #expires_at = :expires");
        }
        return Update.builder()
                .tableName(table)
                .key(key(current.caseId()))
                .updateExpression(set + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove)))
                .conditionExpression("#version = :expected AND #status = :from")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values);
    }

    /** Sets the index key attribute to the new status when it is carried there, removes it when it no longer is. */
    private static void indexKey(
            String attribute,
            boolean before,
            boolean after,
            CaseTransition t,
            StringBuilder set,
            List<String> remove,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        if (after && (!before || t.to() != t.from())) {
            names.put("#" + attribute, attribute);
            values.put(":" + attribute, s(t.to().wire()));
            set.append(", #").append(attribute).append(" = :").append(attribute);
        } else if (!after && before) {
            names.put("#" + attribute, attribute);
            remove.add("#" + attribute);
        }
    }

    /**
     * Reads the case and request items of these cases, consistently, in as few BatchGetItem calls as DynamoDB allows
     * (100 keys a call). Cases without a case item are left out.
     */
    static Map<String, RefundCase> load(DynamoDbClient dynamo, String table, Collection<String> caseIds) {
        Map<String, RefundCase> cases = new LinkedHashMap<>();
        loadItems(dynamo, table, caseIds)
                .forEach((id, items) -> cases.put(id, fromItems(items[0], items[1], items[2])));
        return cases;
    }

    /**
     * The case item, the request item and the decision item (null when there is none) of each case found, in that
     * order, from one BatchGetItem. A batch reads its items one by one, so it may see a move whose decision it read
     * the item of too early: such a decision item is read again, by key (rare: the decision is written before the
     * move that names it).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, AttributeValue>[]> loadItems(
            DynamoDbClient dynamo, String table, Collection<String> caseIds) {
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String caseId : caseIds) {
            keys.add(key(caseId));
            keys.add(key(requestKey(caseId)));
            keys.add(key(decisionKey(caseId)));
        }
        batchGet(dynamo, table, keys).forEach(item -> items.put(string(item, "case_id"), item));
        Map<String, Map<String, AttributeValue>[]> found = new LinkedHashMap<>();
        for (String caseId : caseIds) {
            Map<String, AttributeValue> caseItem = items.get(caseId);
            if (caseItem != null) {
                Map<String, AttributeValue> decisionItem = items.get(decisionKey(caseId));
                if (lacksDecision(caseItem, decisionItem)) {
                    decisionItem = dynamo.getItem(get -> get.tableName(table)
                                    .key(key(decisionKey(caseId)))
                                    .consistentRead(true))
                            .item();
                }
                found.put(caseId, new Map[] {caseItem, items.get(requestKey(caseId)), decisionItem});
            }
        }
        return found;
    }

    /** These items of one table, read consistently, in as few BatchGetItem calls as DynamoDB allows (100 keys a call). */
    static List<Map<String, AttributeValue>> batchGet(
            DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 100) {
            Map<String, KeysAndAttributes> pending = Map.of(
                    table,
                    KeysAndAttributes.builder()
                            .keys(keys.subList(from, Math.min(keys.size(), from + 100)))
                            .consistentRead(true)
                            .build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> ask = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(ask));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return items;
    }

    static AttributeValue eventValue(TimelineEvent event) {
        return TimelineCodec.encode(event);
    }

    /** What a decision needs besides its summary: read to explain and replay it, rarely, so kept compressed. */
    @RegisterForReflection
    record DecisionDetail(List<Decision.Check> checks, Decision.Inputs inputs, RefundBreakdown breakdown) {}

    /** The decision a transition writes: null when it leaves the case's decision as it was. */
    static Decision newDecision(CaseTransition t) {
        return t.decision() != null && !t.decision().equals(t.current().decision()) ? t.decision() : null;
    }

    /**
     * A decision as the decision item keeps it: the whole record (summary, checks, inputs, breakdown) as deflated
     * JSON, under an attribute named by its reference, {@code d_} and the first 12 hex digits of the SHA-256 of that
     * JSON. The same decision always has the same reference, so a retried write is the same write; a decision whose
     * move lost its condition stays in the item under a reference no case item names.
     */
    record StoredDecision(String ref, AttributeValue value) {

        static StoredDecision of(Decision d) {
            String json = Json.write(d);
            try {
                byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(json.getBytes(StandardCharsets.UTF_8));
                String ref = DECISION_PREFIX + java.util.HexFormat.of().formatHex(hash, 0, 6);
                return new StoredDecision(ref, AttributeValue.fromB(SdkBytes.fromByteArray(deflate(json))));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }

    /**
     * The write that records a decision before the move that names it: one attribute set on the case's decision item
     * (created by the first decision), unconditional because the reference is the content's.
     */
    static UpdateItemRequest decisionWrite(String table, String caseId, Decision d) {
        StoredDecision stored = StoredDecision.of(d);
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(key(decisionKey(caseId)))
                .updateExpression("SET #ref = :decision")
                .expressionAttributeNames(Map.of("#ref", stored.ref()))
                .expressionAttributeValues(Map.of(":decision", stored.value()))
                .build();
    }

    static String decisionKey(String caseId) {
        return caseId + DECISION_SUFFIX;
    }

    /**
     * The decision the case item names, from the decision item; or, for a case item from before ADR 0036, the summary
     * and the deflated detail it carried itself.
     */
    private static Decision decision(Map<String, AttributeValue> item, Map<String, AttributeValue> decisionItem) {
        String ref = string(item, DECISION_REF);
        if (ref != null) {
            AttributeValue stored = decisionItem == null ? null : decisionItem.get(ref);
            if (stored == null || stored.b() == null) {
                throw new IllegalStateException("case " + string(item, "case_id") + " names decision " + ref
                        + ", which its decision item lacks");
            }
            return Json.read(inflate(stored.b().asByteArray()), Decision.class);
        }
        String summary = string(item, "decision");
        if (summary == null) {
            return null;
        }
        Decision d = Json.read(summary, Decision.class);
        AttributeValue detail = item.get("decision_detail");
        if (detail == null || detail.b() == null) {
            return d;
        }
        DecisionDetail x = Json.read(inflate(detail.b().asByteArray()), DecisionDetail.class);
        return new Decision(
                d.outcome(),
                d.amount(),
                d.method(),
                d.rule(),
                d.policyVersion(),
                d.declineCode(),
                d.explanation(),
                d.decidedBy(),
                d.decidedAt(),
                x.checks(),
                x.inputs(),
                d.inputsHash(),
                d.holdUntil(),
                x.breakdown(),
                d.grant());
    }

    /** Whether the case item names a decision its decision item (as read) does not hold: read again, by key. */
    static boolean lacksDecision(Map<String, AttributeValue> caseItem, Map<String, AttributeValue> decisionItem) {
        String ref = string(caseItem, DECISION_REF);
        return ref != null && (decisionItem == null || !decisionItem.containsKey(ref));
    }

    /**
     * The payout as the case item keeps it: without its case id and idempotency key, which the case id gives back
     * ({@link Payout#idempotencyKey}); about 90 bytes less on every payout move.
     */
    static AttributeValue payoutValue(Payout p) {
        com.fasterxml.jackson.databind.node.ObjectNode json = Json.MAPPER.valueToTree(p);
        json.remove("case_id");
        json.remove("idempotency_key");
        return s(Json.write(json));
    }

    private static Payout payout(String caseId, String stored) {
        com.fasterxml.jackson.databind.node.ObjectNode json =
                Json.read(stored, com.fasterxml.jackson.databind.node.ObjectNode.class);
        if (!json.has("case_id")) {
            json.put("case_id", caseId);
            json.put(
                    "idempotency_key",
                    Payout.idempotencyKey(caseId, json.path("attempt").asInt()));
        }
        return Json.MAPPER.convertValue(json, Payout.class);
    }

    static byte[] deflate(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String inflate(byte[] bytes) {
        try (InflaterInputStream z = new InflaterInputStream(new ByteArrayInputStream(bytes))) {
            return new String(z.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
