package com.refundpipeline.followup;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.DeclineCode;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.SendFollowUpProfile;
import com.refundpipeline.testing.TestClock;
import com.refundpipeline.testing.WireMockAws;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Settled cases close after the policy's feedback window (P30D), by the scheduled sweep, and then expire. */
@QuarkusTest
@TestProfile(SendFollowUpProfile.class)
class CloseSweepTest {

    @Inject
    LocalAws aws;

    @Inject
    TestClock clock;

    @Inject
    CaseRepository cases;

    @BeforeEach
    void acceptEverything() {
        WireMockAws.acceptAll();
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    static void fireSchedule(String executionId) {
        given().contentType("application/json")
                .body(LambdaEvents.scheduled(executionId))
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200);
    }

    /** A case opened at {@code start} that settled as {@code settled} at {@code settledAt}. */
    RefundCase settledCase(Instant start, CaseStatus settled, Instant settledAt) {
        RefundCase opened = RefundCase.open(
                UUID.randomUUID().toString(), SendFollowUpFunctionTest.request(), "hash", start, Duration.ofHours(24));
        List<TimelineEvent> timeline = new ArrayList<>(opened.timeline());
        timeline.add(
                new TimelineEvent(settledAt, "case." + settled.wire(), CaseStatus.RECEIVED, settled, "system", null));
        Decision decision = settled == CaseStatus.PAID
                ? new Decision(
                        CaseStatus.APPROVED,
                        1000L,
                        PayoutMethod.ORIGINAL_PAYMENT,
                        "within_policy",
                        "2026-11-v2",
                        null,
                        null,
                        "policy",
                        start)
                : new Decision(
                        CaseStatus.DECLINED,
                        null,
                        null,
                        "window",
                        "2026-11-v2",
                        DeclineCode.OUTSIDE_WINDOW,
                        "late",
                        "policy",
                        start);
        RefundCase c = new RefundCase(
                opened.caseId(),
                settled,
                2,
                start,
                settledAt,
                opened.resolutionDueAt(),
                opened.request(),
                "hash",
                opened.requestedAmount(),
                decision,
                null,
                List.copyOf(timeline));
        assertEquals(java.util.Optional.empty(), cases.createOrGetExisting(c));
        return c;
    }

    @Test
    void settledCasesCloseOnlyAfterTheFeedbackWindowAndCarryTheirExpiry() {
        Instant start = Instant.parse("2026-10-01T10:00:00Z");
        RefundCase paid = settledCase(start, CaseStatus.PAID, start.plus(Duration.ofDays(1)));
        RefundCase declined = settledCase(start, CaseStatus.DECLINED, start.plus(Duration.ofHours(2)));
        // Opened as early, settled late: its window runs from when it was paid.
        RefundCase paidLate = settledCase(start, CaseStatus.PAID, start.plus(Duration.ofDays(20)));

        clock.set(start.plus(Duration.ofDays(30)).plus(Duration.ofHours(3)));
        fireSchedule("close-1");
        assertEquals("paid", aws.caseItem(paid.caseId()).get("status").s(), "29 days after it was paid");
        assertEquals("closed", aws.caseItem(declined.caseId()).get("status").s());

        clock.set(start.plus(Duration.ofDays(31)).plusSeconds(1));
        fireSchedule("close-2");
        Map<String, AttributeValue> closed = aws.caseItem(paid.caseId());
        assertEquals("closed", closed.get("status").s());
        assertEquals("case.closed", LocalAws.timeline(closed).getLast().type());
        long expires = Long.parseLong(closed.get("expires_at").n());
        assertTrue(
                Math.abs(start.plus(Duration.ofDays(31 + 730)).getEpochSecond() - expires) <= 5,
                "expires_at " + expires);
        assertEquals("paid", aws.caseItem(paidLate.caseId()).get("status").s());

        // The sweep again changes nothing on what it closed.
        long version = Long.parseLong(closed.get("version").n());
        fireSchedule("close-3");
        assertEquals(
                version,
                Long.parseLong(aws.caseItem(paid.caseId()).get("version").n()));
        assertNull(aws.caseItem(declined.caseId()).get("open_queue"));
    }
}
