package com.refundpipeline.store.dynamo;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.json.Json;
import com.refundpipeline.store.CaseFollowUps.CaseWithFeedback;
import com.refundpipeline.store.CaseFollowUps.Feedback;
import com.refundpipeline.store.CaseImages;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A stream image is the item as DynamoDB wrote it, so the case is read with the repository's own mapping: what the
 * stream function counts is exactly what the functions stored.
 *
 * <p>A case is two items (docs/adr/0010-case-item-layout.md): the case item, whose every move is a stream record,
 * and the request item (order lines, SKUs, categories, units, reason), written once before it. A case item's image
 * therefore lacks what the SKU figures need; it is joined with its request item, read by key (one consistent
 * {@code GetItem}, never a scan). The request item never changes once its case item exists, so it is remembered for
 * the next records of the same case (they come on the same shard, usually in the same batch). The request item's own
 * records count nothing: the case item's INSERT, which always follows it, counts the case.
 */
@ApplicationScoped
public class DynamoCaseImages implements CaseImages {

    /** Requests remembered per Lambda instance: a batch holds at most 100 records, so this spans several batches. */
    private static final int REMEMBERED = 512;

    private final DynamoDbClient dynamo;
    private final PipelineConfig config;
    private final Map<String, Map<String, AttributeValue>> requests = remembered();

    private final Map<String, Map<String, AttributeValue>> decisions = remembered();

    /** The last {@link #REMEMBERED} items looked up, by key. */
    private static Map<String, Map<String, AttributeValue>> remembered() {
        return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<String, AttributeValue>> eldest) {
                return size() > REMEMBERED;
            }
        });
    }

    public DynamoCaseImages(DynamoDbClient dynamo, PipelineConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    @Override
    public Optional<CaseWithFeedback> read(JsonNode image) {
        if (!isCaseItem(image)) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = item(image);
        String feedback = Attributes.string(item, "feedback");
        String caseId = Attributes.string(item, "case_id");
        return Optional.of(new CaseWithFeedback(
                CaseItems.fromItems(
                        item, request(caseId), decision(caseId, Attributes.string(item, CaseItems.DECISION_REF))),
                feedback == null ? null : Json.read(feedback, Feedback.class)));
    }

    /** A case item's image: a case id without the request suffix, a status and a timeline. */
    static boolean isCaseItem(JsonNode image) {
        if (image == null || image.isNull() || image.isMissingNode()) {
            return false;
        }
        String id = image.path("case_id").path("S").asText("");
        return !id.isEmpty() && !id.endsWith(CaseItems.REQUEST_SUFFIX) && image.has("status") && image.has("timeline");
    }

    /**
     * The case's request item, read once; empty when there is none (the join then fails loudly). Its decision item
     * comes in the same consistent BatchGetItem, and the decisions it holds by then are remembered too: a stream
     * record is read after its write, so the case's first record usually finds the decisions of the later ones.
     */
    private Map<String, AttributeValue> request(String caseId) {
        Map<String, AttributeValue> known = requests.get(caseId);
        if (known != null) {
            return known;
        }
        String table = PipelineConfig.required(config.tables().cases(), "REFUNDS_TABLES_CASES");
        Map<String, AttributeValue> request = Map.of();
        for (Map<String, AttributeValue> item : CaseItems.batchGet(
                dynamo,
                table,
                List.of(CaseItems.key(CaseItems.requestKey(caseId)), CaseItems.key(CaseItems.decisionKey(caseId))))) {
            if (CaseItems.requestKey(caseId).equals(Attributes.string(item, "case_id"))) {
                request = item;
            } else {
                item.forEach((name, value) -> {
                    if (name.startsWith(CaseItems.DECISION_PREFIX)) {
                        decisions.put(caseId + "/" + name, Map.of(name, value));
                    }
                });
            }
        }
        if (!request.isEmpty()) {
            requests.put(caseId, request);
        }
        return request;
    }

    /**
     * The decision the image names, from the case's decision item (ADR 0036), read by key once per decision: a
     * decision under its reference never changes. Null when the image names none.
     */
    private Map<String, AttributeValue> decision(String caseId, String ref) {
        if (ref == null) {
            return null;
        }
        Map<String, AttributeValue> known = decisions.get(caseId + "/" + ref);
        if (known != null) {
            return known;
        }
        String table = PipelineConfig.required(config.tables().cases(), "REFUNDS_TABLES_CASES");
        // The same BatchGetItem as the request's read, so the role needs one action on these items (the template).
        Map<String, AttributeValue> item =
                CaseItems.batchGet(dynamo, table, List.of(CaseItems.key(CaseItems.decisionKey(caseId)))).stream()
                        .findFirst()
                        .orElse(Map.of());
        if (!item.containsKey(ref)) {
            return Map.of();
        }
        Map<String, AttributeValue> named = Map.of(ref, item.get(ref));
        decisions.put(caseId + "/" + ref, named);
        return named;
    }

    static Map<String, AttributeValue> item(JsonNode image) {
        Map<String, AttributeValue> item = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = image.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            item.put(field.getKey(), value(field.getValue()));
        }
        return item;
    }

    /** One attribute value in DynamoDB JSON ({"S": ...}, {"N": ...}, {"M": {...}}, ...). */
    static AttributeValue value(JsonNode v) {
        if (v.has("S")) {
            return AttributeValue.fromS(v.get("S").asText());
        }
        if (v.has("N")) {
            return AttributeValue.fromN(v.get("N").asText());
        }
        if (v.has("BOOL")) {
            return AttributeValue.fromBool(v.get("BOOL").asBoolean());
        }
        if (v.has("NULL")) {
            return AttributeValue.fromNul(true);
        }
        if (v.has("B")) {
            return AttributeValue.fromB(
                    SdkBytes.fromByteArray(Base64.getDecoder().decode(v.get("B").asText())));
        }
        if (v.has("M")) {
            return AttributeValue.fromM(item(v.get("M")));
        }
        if (v.has("L")) {
            List<AttributeValue> list = new ArrayList<>();
            v.get("L").forEach(e -> list.add(value(e)));
            return AttributeValue.fromL(list);
        }
        if (v.has("SS")) {
            List<String> set = new ArrayList<>();
            v.get("SS").forEach(e -> set.add(e.asText()));
            return AttributeValue.fromSs(set);
        }
        if (v.has("NS")) {
            List<String> set = new ArrayList<>();
            v.get("NS").forEach(e -> set.add(e.asText()));
            return AttributeValue.fromNs(set);
        }
        if (v.has("BS")) {
            List<SdkBytes> set = new ArrayList<>();
            v.get("BS")
                    .forEach(e ->
                            set.add(SdkBytes.fromByteArray(Base64.getDecoder().decode(e.asText()))));
            return AttributeValue.fromBs(set);
        }
        throw new IllegalArgumentException("not a DynamoDB attribute value: " + v);
    }
}
