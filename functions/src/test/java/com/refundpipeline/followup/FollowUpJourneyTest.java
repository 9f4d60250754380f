package com.refundpipeline.followup;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.refundpipeline.cases.Satisfaction;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.DeclineCode;
import com.refundpipeline.domain.Notification;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.pay.IssuePayoutFunction;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.NotificationOutbox;
import com.refundpipeline.submit.RefundDesk;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.testing.BodyEditor;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Pipeline;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.SendFollowUpProfile;
import com.refundpipeline.testing.TestClock;
import com.refundpipeline.testing.WireMockAws;
import com.refundpipeline.verify.VerifyEvidenceFunction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the customer hears, from the real pipeline (submit, verify, pay) through send-follow-up driven by real Lambda
 * events (SQS records and the scheduler's event), with SES and SNS at their HTTP boundary and a clock the test moves.
 */
@QuarkusTest
@TestProfile(SendFollowUpProfile.class)
class FollowUpJourneyTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Inject
    LocalAws aws;

    @Inject
    TestClock clock;

    @Inject
    RefundDesk desk;

    @Inject
    CaseRepository cases;

    @Inject
    NotificationOutbox outbox;

    @Inject
    VerifyEvidenceFunction verifyEvidence;

    @Inject
    IssuePayoutFunction issuePayout;

    @Inject
    Satisfaction satisfaction;

    @BeforeEach
    void acceptEverything() {
        WireMockAws.acceptAll();
    }

    static String english(String body, String channel) {
        body = BodyEditor.set(body, "customer.locale", "\"en\"");
        body = BodyEditor.set(body, "customer.time_zone", "\"Europe/Paris\"");
        body = BodyEditor.set(body, "customer.phone", "\"+33612345678\"");
        return BodyEditor.set(body, "customer.channel", "\"" + channel + "\"");
    }

    String submit(String body) {
        return desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
    }

    /** Runs every queued message for the case through its function until the queues hold nothing more for it. */
    void pump(String caseId) {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (LocalAws.QueuedMessage m : mine(aws.takeNew(aws.verifyQueue()), caseId)) {
                verifyEvidence.verifyEvidence(Json.read(m.body(), CaseMessage.class));
                moved = true;
            }
            for (LocalAws.QueuedMessage m : mine(aws.takeNew(aws.payoutQueue()), caseId)) {
                issuePayout.issuePayout(Json.read(m.body(), CaseMessage.class));
                moved = true;
            }
            List<LocalAws.QueuedMessage> followUps = mine(aws.takeNew(aws.followUpQueue()), caseId);
            if (!followUps.isEmpty()) {
                assertEquals(List.of(), Pipeline.deliver(LocalAws.queueArn("FollowUpQueue"), followUps));
                moved = true;
            }
        }
    }

    static List<LocalAws.QueuedMessage> mine(List<LocalAws.QueuedMessage> messages, String caseId) {
        return messages.stream()
                .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                .toList();
    }

    static void fireSchedule(String executionId) {
        given().contentType("application/json")
                .body(LambdaEvents.scheduled(executionId))
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200);
    }

    static List<LoggedRequest> emailsAbout(String caseId) {
        return WireMockAws.server()
                .findAll(postRequestedFor(urlEqualTo("/v2/email/outbound-emails"))
                        .withRequestBody(containing(caseId)));
    }

    static List<LoggedRequest> publishesAbout(String caseId) {
        return WireMockAws.server().findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing(caseId)));
    }

    static String subjectOf(LoggedRequest email) {
        try {
            return Json.MAPPER
                    .readTree(email.getBodyAsString())
                    .at("/Content/Simple/Subject/Data")
                    .asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Notification message(String caseId, String key) {
        return outbox.find(Notification.idFor(caseId, key)).orElseThrow(() -> new AssertionError("no " + key));
    }

    @Test
    void aWholeCaseAsTheCustomerReceivesIt() throws IOException {
        // Tuesday 10:30 in Paris: a quality defect, reported without a photo.
        clock.set(Instant.parse("2026-11-24T09:30:00Z"));
        String caseId =
                submit(english(Requests.refund("ord_" + UUID.randomUUID(), 1, "quality_defect", false), "email"));
        pump(caseId);
        assertEquals("needs_evidence", cases.find(caseId).orElseThrow().status().wire());

        // Wednesday 10:35: a day without the photo; the schedule reminds.
        clock.set(Instant.parse("2026-11-25T09:35:00Z"));
        fireSchedule("journey-1");

        // Wednesday 22:10: the photo arrives late in the evening; the refund is approved and paid at once...
        clock.set(Instant.parse("2026-11-25T21:10:00Z"));
        desk.addEvidence(
                caseId,
                Json.read("{\"evidence\": [" + Requests.PHOTO + "]}", RefundRequestBody.EvidenceAddition.class));
        pump(caseId);
        assertEquals(CaseStatus.PAID, cases.find(caseId).orElseThrow().status());
        // ...but the customer is not woken: both messages wait for Thursday 09:00 in Paris.
        Notification paid = message(caseId, "paid");
        assertEquals("pending", paid.deliveryStatus());
        assertEquals(Instant.parse("2026-11-26T08:00:00Z"), paid.sendAfter());
        assertEquals("quiet_hours", paid.failureReason());

        clock.set(Instant.parse("2026-11-26T08:05:00Z"));
        fireSchedule("journey-2");
        assertEquals("sent", message(caseId, "approved").deliveryStatus());
        assertEquals("sent", message(caseId, "paid").deliveryStatus());

        // The survey: three days after the money was paid (Wednesday 22:10 + 3 days is a Saturday night, so 09:00).
        clock.set(Instant.parse("2026-11-28T21:30:00Z"));
        fireSchedule("journey-3");
        assertEquals("pending", message(caseId, "survey").deliveryStatus());
        clock.set(Instant.parse("2026-11-29T08:10:00Z"));
        fireSchedule("journey-4");
        fireSchedule("journey-4"); // the scheduler repeats itself

        List<Notification> told = outbox.forCase(caseId);
        assertEquals(
                List.of("needs_evidence", "evidence_reminder", "approved", "paid", "survey"),
                told.stream().map(Notification::event).toList());
        told.forEach(n -> assertEquals("sent", n.deliveryStatus(), n.notificationId()));
        told.forEach(n -> assertFalse(
                new QuietHours(java.time.LocalTime.of(21, 0), java.time.LocalTime.of(9, 0))
                        .isQuiet(n.sentAt().atZone(PARIS).toLocalTime()),
                n.notificationId() + " at night"));
        // Each went out once, by SES, in that order.
        assertEquals(
                told.stream().map(Notification::subject).toList(),
                emailsAbout(caseId).stream()
                        .sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate))
                        .map(FollowUpJourneyTest::subjectOf)
                        .toList());
        // "Received" and the first decision are one message (ADR 0036).
        assertTrue(
                told.get(0).body().startsWith("We received your refund request"),
                told.get(0).body());
        assertTrue(
                told.get(0).body().contains("a photo that shows the problem"),
                told.get(0).body());
        assertTrue(
                told.get(2).body().contains("29.99 USD back to your original payment method"),
                told.get(2).body());
        assertTrue(
                told.get(3).body().contains("5 to 10 business days"),
                told.get(3).body());

        StringBuilder transcript =
                new StringBuilder("Case " + caseId + ", as the customer received it (email, " + "Europe/Paris):\n");
        DateTimeFormatter when = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm z", java.util.Locale.ENGLISH);
        for (Notification n : told) {
            transcript
                    .append("\n[")
                    .append(when.format(n.sentAt().atZone(PARIS)))
                    .append("] ")
                    .append(n.event())
                    .append("\n  Subject: ")
                    .append(n.subject())
                    .append("\n  ")
                    .append(n.body())
                    .append('\n');
        }
        Files.writeString(Path.of("target/follow-up-journey.txt"), transcript);
        System.out.println(transcript);
    }

    @Test
    void theDailyCapHoldsTheFifthMessageUntilTheNextMorning() {
        clock.set(Instant.parse("2026-11-24T10:00:00Z"));
        RefundCase busy = busyDay(clock.instant());
        cases.createOrGetExisting(busy);
        List<String> statuses = List.of("received", "needs_evidence", "approved", "payout_failed", "paid");
        List<String> bodies = new ArrayList<>();
        for (String status : statuses) {
            bodies.add("{\"type\":\"status_changed\",\"case_id\":\"" + busy.caseId() + "\",\"status\":\"" + status
                    + "\"}");
        }
        assertEquals(
                List.of(),
                Pipeline.deliver(
                        LocalAws.queueArn("FollowUpQueue"),
                        bodies.stream().map(b -> UUID.randomUUID().toString()).toList(),
                        bodies));

        assertEquals(4, emailsAbout(busy.caseId()).size(), "at most four contacts a day");
        Notification fifth = message(busy.caseId(), "paid");
        assertEquals("pending", fifth.deliveryStatus());
        assertEquals("daily_cap", fifth.failureReason());
        assertEquals(Instant.parse("2026-11-25T08:00:00Z"), fifth.sendAfter(), "09:00 the next day in Paris");

        clock.set(Instant.parse("2026-11-24T19:00:00Z"));
        fireSchedule("cap-1");
        assertEquals(4, emailsAbout(busy.caseId()).size(), "still the same day");
        clock.set(Instant.parse("2026-11-25T08:00:00Z"));
        fireSchedule("cap-2");
        assertEquals(5, emailsAbout(busy.caseId()).size());
        assertEquals("sent", message(busy.caseId(), "paid").deliveryStatus());
    }

    @Test
    void theScheduleFiringTwiceSendsEachUpdateAndAlertOnce() {
        clock.set(Instant.parse("2026-11-24T10:00:00Z"));
        RefundCase stuck = RefundCase.open(
                UUID.randomUUID().toString(),
                SendFollowUpFunctionTest.request(),
                "hash",
                Instant.parse("2026-11-23T06:00:00Z"),
                Duration.ofHours(24));
        TimelineEvent review = new TimelineEvent(
                Instant.parse("2026-11-23T06:00:01Z"),
                "case.in_review",
                CaseStatus.RECEIVED,
                CaseStatus.IN_REVIEW,
                "policy:2026-11-v1",
                "person_needed: other");
        cases.createOrGetExisting(new RefundCase(
                stuck.caseId(),
                CaseStatus.IN_REVIEW,
                2,
                stuck.createdAt(),
                review.at(),
                stuck.resolutionDueAt(),
                stuck.request(),
                "hash",
                stuck.requestedAmount(),
                null,
                null,
                List.of(stuck.timeline().get(0), review)));

        fireSchedule("same-execution");
        fireSchedule("same-execution");

        List<Notification> told = outbox.forCase(stuck.caseId());
        assertEquals(
                List.of("progress#1", "sla_breach", "sla_decision"),
                told.stream()
                        .map(n -> n.notificationId().substring(stuck.caseId().length() + 1))
                        .sorted()
                        .toList());
        told.forEach(n -> assertEquals("sent", n.deliveryStatus(), n.notificationId()));
        assertEquals(1, emailsAbout(stuck.caseId()).size(), "one progress update");
        assertTrue(message(stuck.caseId(), "progress#1").body().contains("with a member of our team"));
        List<LoggedRequest> alerts = publishesAbout(stuck.caseId());
        assertEquals(2, alerts.size(), "one alert per target");
        alerts.forEach(a -> assertTrue(a.getBodyAsString().contains("Action=Publish"), a.getBodyAsString()));
        alerts.forEach(a -> assertTrue(a.getBodyAsString().contains("refunds-operations-alerts"), a.getBodyAsString()));

        // The next day brings the second progress update, and no alert again.
        clock.set(Instant.parse("2026-11-25T10:00:00Z"));
        fireSchedule("next-day");
        assertEquals(2, emailsAbout(stuck.caseId()).size());
        assertEquals(2, publishesAbout(stuck.caseId()).size());
    }

    @Test
    void noSurveyForAPayoutThatFailed() {
        // The bank declines amounts ending in 92: payout_pending -> payout_failed, never paid, never surveyed.
        clock.set(Instant.parse("2026-11-24T10:00:00Z"));
        String failed = submit(english(
                Requests.priced("ord_" + UUID.randomUUID(), 2992, 1, "damaged", true, "2026-11-22T10:00:00Z"),
                "email"));
        pump(failed);
        assertEquals(CaseStatus.PAYOUT_FAILED, cases.find(failed).orElseThrow().status());
        assertTrue(outbox.find(Notification.idFor(failed, "survey")).isEmpty());
        assertTrue(message(failed, "payout_failed").body().contains("retry within one business day"));

        // Paid, the survey scheduled... then the payout is reversed (the case record shows it failed after paying).
        String reversed = submit(english(Requests.damaged("ord_" + UUID.randomUUID()), "email"));
        pump(reversed);
        Notification survey = message(reversed, "survey");
        assertEquals("pending", survey.deliveryStatus());
        RefundCase paid = cases.find(reversed).orElseThrow();
        TimelineEvent reversal = new TimelineEvent(
                clock.instant().plus(Duration.ofHours(2)),
                "case.payout_failed",
                CaseStatus.PAID,
                CaseStatus.PAYOUT_FAILED,
                "provider",
                "refund_reversed");
        List<TimelineEvent> timeline = new ArrayList<>(paid.timeline());
        timeline.add(reversal);
        aws.dynamo()
                .deleteItem(d -> d.tableName(LocalAws.table("CasesTable"))
                        .key(java.util.Map.of(
                                "case_id",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(reversed))));
        cases.createOrGetExisting(new RefundCase(
                reversed,
                CaseStatus.PAYOUT_FAILED,
                paid.version() + 1,
                paid.createdAt(),
                reversal.at(),
                paid.resolutionDueAt(),
                paid.request(),
                paid.requestHash(),
                paid.requestedAmount(),
                paid.decision(),
                paid.payout(),
                List.copyOf(timeline)));
        long surveysBefore = emailsAbout(reversed).stream()
                .filter(e -> subjectOf(e).equals("How did we do?"))
                .count();
        assertEquals(0, surveysBefore);

        clock.set(survey.sendAfter().plus(Duration.ofMinutes(5)));
        fireSchedule("survey-due");

        Notification after = message(reversed, "survey");
        assertEquals("suppressed", after.deliveryStatus());
        assertEquals("payout_not_settled", after.failureReason());
        assertEquals(
                0,
                emailsAbout(reversed).stream()
                        .filter(e -> subjectOf(e).equals("How did we do?"))
                        .count(),
                "no survey sent");
    }

    @Test
    void anUnsubscribedChannelHearsNothingMoreAndSmsGoesBySns() {
        clock.set(Instant.parse("2026-11-24T10:00:00Z"));
        String caseId = submit(english(Requests.refund("ord_" + UUID.randomUUID(), 1, "quality_defect", false), "sms"));
        pump(caseId);
        assertEquals("sent", message(caseId, "needs_evidence").deliveryStatus());
        assertEquals(1, publishesAbout(caseId).size(), "received and needs_evidence in one SMS");
        assertTrue(publishesAbout(caseId).get(0).getBodyAsString().contains("PhoneNumber=%2B33612345678"));

        satisfaction.unsubscribe(caseId, new Satisfaction.UnsubscribeBody("sms"));
        clock.set(Instant.parse("2026-11-25T10:01:00Z"));
        fireSchedule("unsubscribed");

        Notification reminder = message(caseId, "evidence_reminder#1");
        assertEquals("suppressed", reminder.deliveryStatus());
        assertEquals("unsubscribed", reminder.failureReason());
        assertEquals(1, publishesAbout(caseId).size());
    }

    @Test
    void evidenceRemindersStopAtTheConfiguredNumberThenTheCaseExpires() {
        clock.set(Instant.parse("2026-11-24T10:00:00Z"));
        String caseId =
                submit(english(Requests.refund("ord_" + UUID.randomUUID(), 1, "quality_defect", false), "email"));
        pump(caseId);
        Instant asked = cases.find(caseId).orElseThrow().updatedAt();
        for (int day = 1; day <= 6; day++) {
            clock.set(asked.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(1)));
            fireSchedule("reminders-" + day);
        }
        assertEquals(
                List.of("needs_evidence", "evidence_reminder", "evidence_reminder"),
                outbox.forCase(caseId).stream().map(Notification::event).toList());

        clock.set(asked.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(1)));
        fireSchedule("expiry");
        fireSchedule("expiry");

        RefundCase declined = cases.find(caseId).orElseThrow();
        assertEquals(CaseStatus.DECLINED, declined.status());
        assertEquals(DeclineCode.NO_EVIDENCE, declined.decision().declineCode());
        assertEquals("case.declined", declined.timeline().getLast().type());
        assertEquals(
                1,
                declined.timeline().stream()
                        .filter(e -> e.to() == CaseStatus.DECLINED)
                        .count());
        Notification told = message(caseId, "declined");
        assertEquals("sent", told.deliveryStatus());
        assertTrue(told.body().contains("We did not receive the photo"), told.body());
        assertEquals(4, emailsAbout(caseId).size());
    }

    /** A case that went through five customer-facing steps in one day. */
    static RefundCase busyDay(Instant start) {
        RefundCase opened = RefundCase.open(
                UUID.randomUUID().toString(), SendFollowUpFunctionTest.request(), "hash", start, Duration.ofHours(24));
        List<TimelineEvent> timeline = new ArrayList<>(opened.timeline());
        CaseStatus[] path = {
            CaseStatus.NEEDS_EVIDENCE,
            CaseStatus.VERIFYING,
            CaseStatus.APPROVED,
            CaseStatus.PAYOUT_PENDING,
            CaseStatus.PAYOUT_FAILED,
            CaseStatus.PAYOUT_PENDING,
            CaseStatus.PAID
        };
        CaseStatus from = CaseStatus.RECEIVED;
        for (int i = 0; i < path.length; i++) {
            timeline.add(new TimelineEvent(
                    start.plus(Duration.ofMinutes(i + 1)), "case." + path[i].wire(), from, path[i], "system", null));
            from = path[i];
        }
        Decision approved = new Decision(
                CaseStatus.APPROVED,
                1000L,
                PayoutMethod.ORIGINAL_PAYMENT,
                "within_policy",
                "2026-11-v1",
                null,
                null,
                "policy",
                start);
        return new RefundCase(
                opened.caseId(),
                CaseStatus.PAID,
                timeline.size(),
                start,
                start.plus(Duration.ofHours(1)),
                opened.resolutionDueAt(),
                opened.request(),
                "hash",
                opened.requestedAmount(),
                approved,
                null,
                List.copyOf(timeline));
    }

    /** A status message as a sender killed after claiming it leaves it: recorded "sending", never settled. */
    void claimedByASenderThatDied(String caseId, String key) {
        RefundCase c = cases.find(caseId).orElseThrow();
        Notification m = CustomerMessages.message(c, key, key, null, clock.instant(), c.createdAt());
        assertTrue(outbox.record(Courier.as(m, Notification.SENDING, clock.instant(), 1, null)));
    }

    static long sent(String caseId, String subject) {
        return emailsAbout(caseId).stream()
                .filter(e -> subject.equals(subjectOf(e)))
                .count();
    }

    @Test
    void aMessageWhoseSenderDiedIsSentOnceMoreWhenItsLeaseIsOver() {
        clock.set(Instant.parse("2026-11-24T09:30:00Z"));
        String caseId = submit(english(Requests.refund("ord_" + UUID.randomUUID(), 1, "damaged", true), "email"));
        claimedByASenderThatDied(caseId, "received");

        clock.set(Instant.parse("2026-11-24T09:34:00Z"));
        fireSchedule("lease-1");
        assertEquals(0, sent(caseId, "We received your refund request"), "within the lease the claim is its sender's");

        clock.set(Instant.parse("2026-11-24T09:36:00Z"));
        fireSchedule("lease-2");
        clock.set(Instant.parse("2026-11-24T09:42:00Z"));
        fireSchedule("lease-3");
        assertEquals(1, sent(caseId, "We received your refund request"), "at least once, and once");
        assertEquals("sent", message(caseId, "received").deliveryStatus());
    }

    @Test
    void aMessageSesReportedTakingIsSettledSentNotSentAgainByItsTakeover() {
        clock.set(Instant.parse("2026-11-24T09:30:00Z"));
        String caseId = submit(english(Requests.refund("ord_" + UUID.randomUUID(), 1, "damaged", true), "email"));
        claimedByASenderThatDied(caseId, "received");
        // SES took it before its sender died; SES's own event says so, through the rule and the follow-up queue.
        String id = Notification.idFor(caseId, "received");
        String event = LambdaEvents.emailSent(
                "refunds-test-email", Notification.tagOf(id).orElseThrow(), "0100-ses-1", "2026-11-24T09:30:00.120Z");
        assertEquals(List.of(), Pipeline.deliver(LocalAws.queueArn("FollowUpQueue"), List.of("m1"), List.of(event)));
        assertEquals(
                List.of(),
                Pipeline.deliver(LocalAws.queueArn("FollowUpQueue"), List.of("m2"), List.of(event)),
                "a repeated event changes nothing");

        clock.set(Instant.parse("2026-11-24T09:36:00Z"));
        fireSchedule("receipt-1");

        assertEquals(0, sent(caseId, "We received your refund request"), "SES sent it once already");
        Notification received = message(caseId, "received");
        assertEquals("sent", received.deliveryStatus());
        assertEquals("0100-ses-1", received.providerMessageId());
        assertEquals(Instant.parse("2026-11-24T09:30:00.120Z"), received.sentAt());
    }

    @Test
    void everyEmailNamesTheConfigurationSetAndCarriesItsOutboxId() {
        clock.set(Instant.parse("2026-11-24T09:30:00Z"));
        String caseId = submit(english(Requests.refund("ord_" + UUID.randomUUID(), 1, "damaged", true), "email"));
        pump(caseId);

        List<LoggedRequest> emails = emailsAbout(caseId);
        assertFalse(emails.isEmpty());
        for (LoggedRequest email : emails) {
            String body = email.getBodyAsString();
            assertTrue(body.contains("\"ConfigurationSetName\":\"refunds-test-email\""), body);
            assertTrue(
                    body.matches(".*\"EmailTags\":\\[\\{\"Name\":\"outbox_id\",\"Value\":\"" + caseId
                            + "-[a-z_0-9-]+\"}].*"),
                    body);
        }
    }

    @Test
    void anSesEventForNoMessageOfOursIsDroppedNotRetried() {
        String untagged = LambdaEvents.emailSent("refunds-test-email", null, "0100-ses-2", "2026-11-24T09:30:00.120Z");
        String unknown = LambdaEvents.emailSent(
                "refunds-test-email", "rc_0000000000000000000000-received", "0100-ses-3", "2026-11-24T09:30:00.120Z");
        String notATag = LambdaEvents.emailSent("refunds-test-email", "no#such", "0100-ses-4", "not a time");
        assertEquals(
                List.of(),
                Pipeline.deliver(
                        LocalAws.queueArn("FollowUpQueue"),
                        List.of("u1", "u2", "u3"),
                        List.of(untagged, unknown, notATag)));
        assertTrue(outbox.find("rc_0000000000000000000000#received").isEmpty(), "nothing is written for it");
    }

    @Test
    void aTakenOverMessageTheCustomerHasHadNewerNewsAfterIsSettledNotSentAgain() {
        clock.set(Instant.parse("2026-11-24T09:30:00Z"));
        String caseId = submit(english(Requests.refund("ord_" + UUID.randomUUID(), 1, "damaged", true), "email"));
        claimedByASenderThatDied(caseId, "received");
        clock.set(Instant.parse("2026-11-24T09:31:00Z"));
        pump(caseId); // approved (told with the request received) and paid, while the claim's lease runs
        assertEquals(CaseStatus.PAID, cases.find(caseId).orElseThrow().status());

        clock.set(Instant.parse("2026-11-24T09:36:00Z"));
        fireSchedule("superseded-1");

        Notification received = message(caseId, "received");
        assertEquals("suppressed", received.deliveryStatus());
        assertEquals(Courier.SUPERSEDED, received.failureReason());
        assertEquals(0, sent(caseId, "We received your refund request"), "not old news after new");
        assertEquals(1, sent(caseId, "Your refund is on its way"));
    }

    @Test
    void aFirstMoveWhoseMessageWasLostHasReceivedToldWithTheNextMessage() throws IOException {
        clock.set(Instant.parse("2026-11-24T09:30:00Z"));
        String caseId =
                submit(english(Requests.refund("ord_" + UUID.randomUUID(), 1, "quality_defect", false), "email"));
        for (LocalAws.QueuedMessage m : mine(aws.takeNew(aws.verifyQueue()), caseId)) {
            verifyEvidence.verifyEvidence(Json.read(m.body(), CaseMessage.class));
        }
        assertEquals(CaseStatus.NEEDS_EVIDENCE, cases.find(caseId).orElseThrow().status());
        // verify-evidence stopped after its write, before its status message: the chaos run's lost "received".
        List<LocalAws.QueuedMessage> lost = mine(aws.takeNew(aws.followUpQueue()), caseId);
        assertEquals(1, lost.size());

        // The customer sends the photo anyway (the storefront shows the case), before any repeat could re-tell it.
        desk.addEvidence(
                caseId,
                Json.read("{\"evidence\": [" + Requests.PHOTO + "]}", RefundRequestBody.EvidenceAddition.class));
        pump(caseId);
        assertEquals(CaseStatus.PAID, cases.find(caseId).orElseThrow().status());
        assertEquals(1, toldReceived(caseId), "received told with the approval");
        Notification untold = message(caseId, "needs_evidence");
        assertEquals("suppressed", untold.deliveryStatus());
        assertEquals("told_with_approved", untold.failureReason());

        // The lost message turns up late after all: it finds its record settled and tells nothing.
        assertEquals(List.of(), Pipeline.deliver(LocalAws.queueArn("FollowUpQueue"), lost));
        assertEquals(1, toldReceived(caseId), "received told once");
        assertEquals(0, sent(caseId, "We need a photo to continue"), "no old news after new");
    }

    /** Emails about the case that tell the request was received, alone or before another status. */
    static long toldReceived(String caseId) throws IOException {
        long told = 0;
        for (LoggedRequest email : emailsAbout(caseId)) {
            String body = Json.MAPPER
                    .readTree(email.getBodyAsString())
                    .at("/Content/Simple/Body/Text/Data")
                    .asText();
            if (body.startsWith("We received your refund request")) {
                told++;
            }
        }
        return told;
    }
}
