package com.refundpipeline.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.domain.CallerText;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * An EasyPost event body, once its signature verified: a {@code tracker.updated} event of a {@link #trackingCode} the
 * case is found by, or an event carrier-webhook acknowledges and ignores (so EasyPost does not retry it).
 *
 * @param description the event's {@code description}, as sent
 */
record TrackerUpdate(String eventId, String description, String trackingCode, String status, String carrier) {

    static final int MAX_TRACKING_CODE = 64;

    /** Reads {@code body}; refuses only what is not JSON at all, since any JSON EasyPost signed is acknowledged. */
    static TrackerUpdate read(byte[] body) {
        JsonNode event;
        try {
            event = Json.read(new String(body, StandardCharsets.UTF_8), JsonNode.class);
        } catch (RuntimeException e) {
            throw Refusal.malformed("invalid_json", "the body is not valid JSON", null);
        }
        if (event == null) {
            throw Refusal.malformed("invalid_json", "the body is not valid JSON", null);
        }
        JsonNode tracker = event.path("result");
        return new TrackerUpdate(
                event.path("id").asText(""),
                event.path("description").asText(""),
                tracker.path("object").asText("").equals("Tracker")
                        ? tracker.path("tracking_code").asText("")
                        : "",
                tracker.path("status").asText(""),
                tracker.path("carrier").asText("easypost"));
    }

    /** Anything but a tracker's update with a usable tracking code. */
    boolean ignored() {
        return !"tracker.updated".equals(description)
                || trackingCode.isEmpty()
                || trackingCode.length() > MAX_TRACKING_CODE;
    }

    /** Who moved the case, on its timeline: the carrier, by a name that is a plain token. */
    String actor() {
        return "carrier:" + CallerText.shown(carrier);
    }

    /** The description as the answer repeats it: EasyPost's event names are plain tokens, anything else is not shown. */
    String shownDescription() {
        return CallerText.shown(description);
    }
}
