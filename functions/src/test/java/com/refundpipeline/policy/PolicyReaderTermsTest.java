package com.refundpipeline.policy;

import static com.refundpipeline.policy.PolicyReaderTest.defaultDocument;
import static com.refundpipeline.policy.PolicyReaderTest.edited;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.Resolution;
import com.refundpipeline.domain.ReturnShipping;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the reader takes from a policy document: every term of a rule (its own, or inherited from defaults), the
 * limits at the edges of their ranges, and the refusals just past them, each naming the field.
 */
class PolicyReaderTermsTest {

    private static final PolicyDocument DEFAULT = PolicyReader.read(defaultDocument());

    private static final Map<String, Long> AGENT_LIMITS =
            Map.of("USD", 20_000L, "EUR", 20_000L, "GBP", 20_000L, "CNY", 150_000L, "JPY", 3_000_000L);

    private static PolicyDocument.ReturnRule rule(String id) {
        return DEFAULT.rules().stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aRuleTakesItsOwnTermsAndInheritsTheRestFromDefaults() {
        assertEquals(
                new PolicyDocument.ReturnRule(
                        "merchant_fault_electronics",
                        Set.of(
                                RefundReason.DAMAGED,
                                RefundReason.WRONG_ITEM,
                                RefundReason.QUALITY_DEFECT,
                                RefundReason.NOT_AS_DESCRIBED),
                        Set.of("electronics"),
                        new PolicyDocument.Window(Duration.ofDays(14), PolicyDocument.WindowStart.DELIVERY),
                        2,
                        false,
                        true,
                        "a person decides this reason",
                        AGENT_LIMITS,
                        0,
                        true,
                        List.of(PayoutMethod.ORIGINAL_PAYMENT, PayoutMethod.STORE_CREDIT),
                        new PolicyDocument.InTransit(Duration.ofDays(5), Duration.ofDays(2)),
                        List.of(
                                Resolution.REPLACEMENT,
                                Resolution.REFUND,
                                Resolution.STORE_CREDIT,
                                Resolution.KEEP_ITEM),
                        14,
                        ReturnShipping.MERCHANT),
                rule("merchant_fault_electronics"));
    }

    @Test
    void aReturnRuleReadsItsInspectionFeeDaysAndWhoPaysTheParcel() {
        PolicyDocument.ReturnRule changedMind = rule("changed_mind");
        assertTrue(changedMind.returnInspected());
        assertTrue(changedMind.returnFirst());
        assertEquals(1000, changedMind.restockingFeeBps());
        assertFalse(changedMind.refundShipping());
        assertEquals(30, changedMind.returnDays());
        assertEquals(ReturnShipping.CUSTOMER, changedMind.returnShipping());
        assertEquals(Set.of(), changedMind.categories());
        assertEquals(ReturnShipping.DEDUCTED, rule("changed_mind_electronics").returnShipping());
    }

    @Test
    void aRuleForAPersonKeepsItsNoteAndAWindowOfNullIsNoWindow() {
        PolicyDocument.ReturnRule duplicate = rule("duplicate_payment");
        assertFalse(duplicate.automatic());
        assertEquals("the payments must be matched by a person", duplicate.reviewNote());
        assertEquals(List.of(PayoutMethod.ORIGINAL_PAYMENT), duplicate.methods());
        assertEquals(
                new PolicyDocument.Window(Duration.ofDays(180), PolicyDocument.WindowStart.ORDER), duplicate.window());
        assertEquals(null, rule("not_received").window());
    }

    @Test
    void withoutResolutionsReturnDaysOrReturnShippingARuleOffersItsMethodsWithinFourteenDaysAtTheStoresCost()
            throws Exception {
        String document = edited("/defaults/resolutions", "REMOVE");
        document = edited(document, "/defaults/return_days", "REMOVE");
        document = edited(document, "/defaults/return_shipping", "REMOVE");
        PolicyDocument.ReturnRule other = PolicyReader.read(document).rules().stream()
                .filter(r -> r.id().equals("other"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of(Resolution.REFUND, Resolution.STORE_CREDIT), other.resolutions());
        assertEquals(PolicyDocument.DEFAULT_RETURN_DAYS, other.returnDays());
        assertEquals(ReturnShipping.MERCHANT, other.returnShipping());
    }

    @Test
    void theDocumentsOwnSectionsAreRead() {
        assertEquals("default", DEFAULT.store());
        assertEquals(
                new PolicyDocument.EvidenceRules(
                        Set.of("evidence.example"),
                        26_214_400,
                        Map.of(
                                "photo", Set.of("image/jpeg", "image/png", "image/webp", "image/heic"),
                                "video", Set.of("video/mp4", "video/quicktime"),
                                "document", Set.of("application/pdf"))),
                DEFAULT.evidence());
        assertEquals(new PolicyDocument.FrequentRefunder(Duration.ofDays(90), 3), DEFAULT.frequentRefunder());
        assertEquals(new PolicyDocument.Closing(Duration.ofDays(30), Duration.ofDays(730)), DEFAULT.closing());
        assertEquals(
                List.of(
                        new PolicyDocument.AuthorityTier("agent", AGENT_LIMITS, false),
                        new PolicyDocument.AuthorityTier(
                                "supervisor",
                                Map.of(
                                        "USD",
                                        100_000L,
                                        "EUR",
                                        100_000L,
                                        "GBP",
                                        100_000L,
                                        "CNY",
                                        750_000L,
                                        "JPY",
                                        15_000_000L),
                                false),
                        new PolicyDocument.AuthorityTier("finance", Map.of(), true)),
                DEFAULT.authority());
    }

    @Test
    void evidenceHostsAreReadInLowerCase() throws Exception {
        assertEquals(
                Set.of("evidence.example"),
                PolicyReader.read(edited("/evidence/allowed_hosts/0", "\"Evidence.EXAMPLE\""))
                        .evidence()
                        .allowedHosts());
    }

    @Test
    void aPolicyWithoutClosingGetsTheDefaultsAndARetentionAsLongAsTheWindowIsEnough() throws Exception {
        assertEquals(
                PolicyDocument.Closing.DEFAULT,
                PolicyReader.read(edited("/closing", "REMOVE")).closing());
        assertEquals(
                new PolicyDocument.Closing(Duration.ofDays(10), Duration.ofDays(10)),
                PolicyReader.read(edited("/closing", "{\"feedback_window\": \"P10D\", \"retention\": \"P10D\"}"))
                        .closing());
    }

    @Test
    void aContactSectionWithOnlySomeFieldsKeepsTheDefaultsForTheRest() throws Exception {
        assertEquals(
                new PolicyDocument.Contact(
                        PolicyDocument.Contact.DEFAULT.callFrom(),
                        PolicyDocument.Contact.DEFAULT.callUntil(),
                        5,
                        PolicyDocument.Contact.DEFAULT.storeTimeZone()),
                PolicyReader.read(edited("/contact", "{\"max_call_attempts\": 5}"))
                        .contact());
    }

    /** The ends of every range are inside it: the reader takes them as written. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/frequent_refunder/max_refunds | 1",
                "/frequent_refunder/max_refunds | 1000",
                "/evidence/max_bytes            | 1",
                "/evidence/max_bytes            | 4294967296",
                "/defaults/photos_required      | 20",
                "/rules/1/photos_required       | 0",
                "/rules/4/restocking_fee_bps    | 10000",
                "/rules/4/restocking_fee_bps    | 0",
                "/rules/5/return_days           | 1",
                "/rules/5/return_days           | 365",
                "/contact/max_call_attempts     | 1",
                "/contact/max_call_attempts     | 10",
                "/authority/0/up_to/USD         | 0",
                "/defaults/auto_approve_limit/USD | 0",
            })
    void theEndsOfEveryRangeAreAccepted(String pointer, String value) throws Exception {
        String read = at(PolicyReader.read(edited(pointer.trim(), value.trim())), pointer.trim());
        assertEquals(value.trim(), read);
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}: {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/frequent_refunder/max_refunds | 1001       | frequent_refunder.max_refunds | must be a whole number from 1 to 1000",
                "/evidence/max_bytes            | 0          | evidence.max_bytes            | must be a whole number from 1 to 4294967296",
                "/evidence/max_bytes            | 4294967297 | evidence.max_bytes            | must be a whole number from 1 to 4294967296",
                "/rules/1/photos_required       | 21         | rules[1].photos_required      | must be a whole number from 0 to 20",
                "/rules/1/photos_required       | -1         | rules[1].photos_required      | must be a whole number from 0 to 20",
                "/rules/1/photos_required       | 1.5        | rules[1].photos_required      | must be a whole number from 0 to 20",
                "/rules/4/restocking_fee_bps    | -1         | rules[4].restocking_fee_bps   | must be a whole number from 0 to 10000",
                "/rules/5/return_days           | 366        | rules[5].return_days          | must be a whole number from 1 to 365",
                "/contact/max_call_attempts     | 11         | contact.max_call_attempts     | must be a whole number from 1 to 10",
                "/contact/call_hours            | {\"from\": \"10:00\", \"until\": \"10:00\"} | contact.call_hours.until | must be later than from (10:00)",
                "/contact/call_hours/from       | \"24:00\"  | contact.call_hours.from       | must be a time of day as HH:MM, such as 10:00, not 24:00",
                "/contact/call_hours/lunch      | \"12:00\"  | contact.call_hours.lunch      | unknown field",
                "/contact                       | []         | contact                       | must be a JSON object",
                "/needs_evidence/remind_after   | \"P1D\"    | needs_evidence.remind_after   | unknown field",
                "/frequent_refunder/min_amount  | 1          | frequent_refunder.min_amount  | unknown field",
                "/authority/0/limit             | 1          | authority[0].limit            | unknown field",
                "/authority/0/up_to             | REMOVE     | authority[0].up_to            | is required",
                "/evidence/max_size             | 1          | evidence.max_size             | unknown field",
                "/evidence/allowed_hosts/0      | 3          | evidence.allowed_hosts[0]     | must be a non-empty string",
                "/evidence/allowed_hosts/0      | \"  \"     | evidence.allowed_hosts[0]     | must be a non-empty string",
                "/evidence/allowed_hosts        | \"evidence.example\" | evidence.allowed_hosts | must be a JSON array",
                "/evidence/content_types/photo/0 | \"jpeg\"  | evidence.content_types.photo[0] | must be a media type such as image/jpeg",
                "/defaults/window/days          | 30         | defaults.window.days          | unknown field",
                "/defaults/window/length        | \"-P1D\"   | defaults.window.length        | must be longer than zero",
                "/defaults/in_transit/late      | \"P1D\"    | defaults.in_transit.late      | unknown field",
                "/defaults/in_transit/grace     | REMOVE     | defaults.in_transit.grace     | is required",
                "/rules/0/reasons               | []         | rules[0].reasons              | must name at least one reason",
                "/rules/0/reasons               | \"not_received\" | rules[0].reasons        | must be a JSON array",
                "/rules/1/categories            | \"electronics\" | rules[1].categories     | must be a JSON array",
                "/rules/1/categories/0          | \"\"       | rules[1].categories[0]        | must be a non-empty string",
                "/rules/0                       | []         | rules[0]                      | must be a JSON object",
                "/rules                         | {}         | rules                         | must be a JSON array",
                "/rules/0/review_note           | 7          | rules[0].review_note          | must be a non-empty string",
                "/rules/5/return_shipping       | \"store\"  | rules[5].return_shipping      | must be merchant, customer or deducted, not store",
                "/rules/6/methods/0             | 1          | rules[6].methods[0]           | must be a non-empty string",
                "/rules/5/resolutions/0         | 1          | rules[5].resolutions[0]       | must be a non-empty string",
                "/defaults/window/from          | REMOVE     | defaults.window.from          | is required",
            })
    void justPastTheEndsAndEveryOtherMistakeIsRefusedNamingTheField(
            String pointer, String value, String field, String problem) throws Exception {
        PolicyException refused =
                assertThrows(PolicyException.class, () -> PolicyReader.read(edited(pointer.trim(), value.trim())));
        assertEquals(field.trim(), refused.field(), refused.getMessage());
        assertTrue(refused.getMessage().endsWith(": " + problem.trim()), refused.getMessage());
    }

    @Test
    void aDocumentThatIsNotAnObjectIsRefusedAtTheTop() {
        PolicyException refused = assertThrows(PolicyException.class, () -> PolicyReader.read("[]"));
        assertEquals("", refused.field());
        assertTrue(refused.getMessage().endsWith("must be a JSON object"), refused.getMessage());
    }

    @Test
    void aVersionIsAtMostSixtyFourCharacters() throws Exception {
        String longest = "v".repeat(64);
        assertEquals(
                longest,
                PolicyReader.read(edited("/version", "\"" + longest + "\"")).version());
        assertEquals(
                "version",
                assertThrows(PolicyException.class, () -> PolicyReader.read(edited("/version", "\"" + longest + "v\"")))
                        .field());
    }

    /** The value the reader kept for the field a pointer addresses, as text. */
    private static String at(PolicyDocument d, String pointer) {
        return switch (pointer) {
            case "/frequent_refunder/max_refunds" ->
                String.valueOf(d.frequentRefunder().maxRefunds());
            case "/evidence/max_bytes" -> String.valueOf(d.evidence().maxBytes());
            case "/defaults/photos_required" ->
                String.valueOf(ruleIn(d, "other").photosRequired());
            case "/rules/1/photos_required" ->
                String.valueOf(ruleIn(d, "merchant_fault_electronics").photosRequired());
            case "/rules/4/restocking_fee_bps" ->
                String.valueOf(ruleIn(d, "changed_mind_electronics").restockingFeeBps());
            case "/rules/5/return_days" ->
                String.valueOf(ruleIn(d, "changed_mind").returnDays());
            case "/contact/max_call_attempts" -> String.valueOf(d.contact().maxCallAttempts());
            case "/authority/0/up_to/USD" ->
                String.valueOf(d.tier("agent").orElseThrow().upTo().get("USD"));
            case "/defaults/auto_approve_limit/USD" ->
                String.valueOf(ruleIn(d, "other").autoApproveLimit().get("USD"));
            default -> throw new IllegalArgumentException(pointer);
        };
    }

    private static PolicyDocument.ReturnRule ruleIn(PolicyDocument d, String id) {
        return d.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }
}
