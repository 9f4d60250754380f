package com.refundpipeline.store.dynamo;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.json.Json;
import com.refundpipeline.store.CaseFollowUps.CaseWithFeedback;
import com.refundpipeline.store.CaseFollowUps.Feedback;
import com.refundpipeline.store.CaseImages;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A stream image is the item as DynamoDB wrote it, so the case is read with the repository's own mapping: what the
 * stream function counts is exactly what the functions stored.
 */
@ApplicationScoped
public class DynamoCaseImages implements CaseImages {

    @Override
    public Optional<CaseWithFeedback> read(JsonNode image) {
        if (image == null || image.isNull() || image.isMissingNode() || !image.has("case_id")
                || !image.has("status") || !image.has("timeline") || !image.has("request")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = item(image);
        String feedback = Attributes.string(item, "feedback");
        return Optional.of(new CaseWithFeedback(DynamoCaseRepository.fromItem(item),
                feedback == null ? null : Json.read(feedback, Feedback.class)));
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
            return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.get("B").asText())));
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
            v.get("BS").forEach(e -> set.add(SdkBytes.fromByteArray(Base64.getDecoder().decode(e.asText()))));
            return AttributeValue.fromBs(set);
        }
        throw new IllegalArgumentException("not a DynamoDB attribute value: " + v);
    }
}
