package com.refundpipeline.store.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.Resolution;
import com.refundpipeline.domain.ShipmentStatus;
import com.refundpipeline.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A case read back from its two items is the case that was written. */
class CaseItemsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static final RefundRequest REQUEST = new RefundRequest(
            new RefundRequest.Order(
                    "ord_1",
                    "cus_7",
                    "EUR",
                    3_000,
                    T0,
                    ShipmentStatus.DELIVERED,
                    T0,
                    T0,
                    "pi_1",
                    List.of(new RefundRequest.OrderLine("mug", 2, 1_500, "kitchen"))),
            List.of(new RefundRequest.RequestedItem("mug", 2)),
            RefundReason.DAMAGED,
            "cracked",
            List.of(),
            PayoutMethod.ORIGINAL_PAYMENT,
            null,
            Resolution.STORE_CREDIT);

    @Test
    void evidenceAddedLaterKeepsTheCustomersPreferredResolution() {
        RefundCase opened = RefundCase.open("key-1", REQUEST, "hash-1", T0, Duration.ofDays(5));
        Map<String, AttributeValue> caseItem = new HashMap<>(CaseItems.caseItem(opened));
        RefundRequest.Evidence photo =
                new RefundRequest.Evidence("photo", "https://evidence.example/1.jpg", "image/jpeg", 1_000);
        // Evidence added after the case opened lives on the mutable case item, not in the request.
        caseItem.put("evidence", AttributeValue.fromS(Json.write(List.of(photo))));

        RefundRequest read = CaseItems.fromItems(caseItem, CaseItems.requestItem(opened), null)
                .request();

        assertEquals(List.of(photo), read.evidence());
        assertEquals(Resolution.STORE_CREDIT, read.preferredResolution());
        assertEquals(REQUEST.withEvidence(List.of(photo)), read);
    }
}
