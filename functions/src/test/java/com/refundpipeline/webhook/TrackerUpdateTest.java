package com.refundpipeline.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.Refusal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrackerUpdateTest {

    private static TrackerUpdate read(String body) {
        return TrackerUpdate.read(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTrackersUpdateIsReadWithTheCarrierAsTheActor() {
        TrackerUpdate update = read(CarrierWebhookFuzzTest.TRACKER_UPDATED);
        assertFalse(update.ignored());
        assertEquals("EZ1000000001", update.trackingCode());
        assertEquals("delivered", update.status());
        assertEquals("carrier:USPS", update.actor());
    }

    @Test
    void anotherEventIsIgnoredAndTheAnswerRepeatsItsNameOnlyWhenItIsAPlainToken() {
        assertEquals(
                "tracker.created",
                read("{\"description\": \"tracker.created\"}").shownDescription());
        TrackerUpdate odd = read("{\"description\": \"bob@example.com\"}");
        assertTrue(odd.ignored());
        assertEquals("?", odd.shownDescription());
    }

    @Test
    void aTrackerWithoutAUsableCodeOrNotATrackerIsIgnored() {
        assertTrue(read(CarrierWebhookFuzzTest.TRACKER_UPDATED.replace("\"Tracker\"", "\"Shipment\""))
                .ignored());
        assertTrue(read(CarrierWebhookFuzzTest.TRACKER_UPDATED.replace("EZ1000000001", ""))
                .ignored());
        assertTrue(read(CarrierWebhookFuzzTest.TRACKER_UPDATED.replace("EZ1000000001", "E".repeat(65)))
                .ignored());
    }

    @Test
    void aCarrierNameThatIsNotAPlainTokenIsNotWrittenToTheTimeline() {
        assertEquals(
                "carrier:?",
                read(CarrierWebhookFuzzTest.TRACKER_UPDATED.replace("USPS", "<b>+14155550123</b>"))
                        .actor());
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedAsInvalidJson() {
        assertEquals(
                "invalid_json",
                assertThrows(Refusal.class, () -> read("{\"id\": ")).code());
    }
}
