package com.refundpipeline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A broken policy fails at load, naming the field and what is wrong with it. */
class PolicyReaderTest {

    static String defaultDocument() {
        return PolicyLoader.read("classpath:policy/default.json");
    }

    /** The default document with one field replaced (or removed, for REMOVE), addressed as /a/b/0/c. */
    static String edited(String pointer, String value) throws Exception {
        return edited(defaultDocument(), pointer, value);
    }

    /** A document with one field replaced (or removed, for REMOVE). */
    static String edited(String document, String pointer, String value) throws Exception {
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(document);
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, cut));
        String name = pointer.substring(cut + 1);
        if (parent instanceof ArrayNode array) {
            if (value.equals("REMOVE")) {
                array.remove(Integer.parseInt(name));
            } else {
                array.set(Integer.parseInt(name), Json.MAPPER.readTree(value));
            }
        } else if (value.equals("REMOVE")) {
            ((ObjectNode) parent).remove(name);
        } else {
            ((ObjectNode) parent).set(name, Json.MAPPER.readTree(value));
        }
        return Json.MAPPER.writeValueAsString(root);
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}: {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/version                             | REMOVE                          | version                             | is required",
                "/version                             | \"2026 v3\"                     | version                             | must be 1-64 letters",
                "/version                             | 3                               | version                             | must be a non-empty string",
                "/colour                              | \"blue\"                        | colour                              | unknown field",
                "/evidence/allowed_hosts              | []                              | evidence.allowed_hosts              | must name at least one host",
                "/evidence/allowed_hosts/0            | \"https://evidence.example/\"   | evidence.allowed_hosts[0]           | must be a host name",
                "/evidence/max_bytes                  | -1                              | evidence.max_bytes                  | must be a whole number from 1",
                "/evidence/content_types/photo        | REMOVE                          | evidence.content_types.photo        | is required",
                "/evidence/content_types/sketch       | [\"image/png\"]                 | evidence.content_types.sketch       | evidence types are photo, video and document",
                "/needs_evidence/expires_after        | \"14 days\"                     | needs_evidence.expires_after        | must be an ISO-8601 duration such as P30D",
                "/needs_evidence/expires_after        | \"PT0S\"                        | needs_evidence.expires_after        | must be longer than zero",
                "/frequent_refunder/max_refunds       | 0                               | frequent_refunder.max_refunds       | must be a whole number from 1 to 1000",
                "/authority/1/tier                    | \"agent\"                       | authority[1].tier                   | tier agent is listed twice",
                "/authority/0/up_to/USD               | 200.5                           | authority[0].up_to.USD              | whole, non-negative amount in minor units",
                "/authority/0/up_to/XYZ               | 100                             | authority[0].up_to.XYZ              | unknown ISO 4217 currency XYZ",
                "/authority/2/up_to                   | \"everything\"                  | authority[2].up_to                  | must be a JSON object",
                "/authority                           | []                              | authority                           | must list at least one tier",
                "/defaults/window/from                | \"payment\"                     | defaults.window.from                | must be delivery, shipment or order, not payment",
                "/defaults/auto_approve_limit/USD     | -5                              | defaults.auto_approve_limit.USD     | whole, non-negative amount",
                "/defaults/reasons                    | [\"damaged\"]                   | defaults.reasons                    | unknown field",
                "/rules/0/window                      | {\"length\": \"P30D\"}          | rules[0].window.from                | is required",
                "/rules/1/photos_required             | \"two\"                         | rules[1].photos_required            | must be a whole number from 0 to 20",
                "/rules/2/reasons/0                   | \"broken\"                      | rules[2].reasons                    | unknown reason broken",
                "/rules/3/refund_shipping             | \"yes\"                         | rules[3].refund_shipping            | must be true or false",
                "/rules/4/restocking_fee_bps          | 10001                           | rules[4].restocking_fee_bps         | must be a whole number from 0 to 10000",
                "/rules/5/methods                     | [\"cash\"]                      | rules[5].methods                    | unknown method cash",
                "/rules/5/methods                     | []                              | rules[5].methods                    | must allow at least one method",
                "/rules/6/id                          | \"not_received\"                | rules[6].id                         | rule id not_received is used twice",
                "/rules/7/auto_aprove_limit           | {}                              | rules[7].auto_aprove_limit          | unknown field",
                "/rules/7                             | REMOVE                          | rules                               | no rule covers reason other for every category",
                "/rules/5/resolutions                 | [\"cash_back\"]                 | rules[5].resolutions                | unknown resolution cash_back",
                "/rules/5/resolutions                 | [\"refund\", \"refund\"]       | rules[5].resolutions                | lists refund twice",
                "/rules/5/resolutions                 | []                              | rules[5].resolutions                | must offer at least one resolution",
                "/rules/6/resolutions                 | [\"store_credit\"]              | rules[6].resolutions                | not among the rule's methods",
                "/rules/5/return_days                 | 0                               | rules[5].return_days                | must be a whole number from 1 to 365",
                "/defaults/return_shipping            | \"store\"                       | defaults.return_shipping            | must be merchant, customer or deducted",
                "/closing/retention                   | \"P1D\"                         | closing.retention                   | must be at least the feedback window",
                "/closing/grace                       | \"P1D\"                         | closing.grace                       | unknown field",
                "/contact/call_hours/from             | \"10am\"                        | contact.call_hours.from             | must be a time of day as HH:MM",
                "/contact/call_hours/until            | \"09:00\"                       | contact.call_hours.until            | must be later than from",
                "/contact/max_call_attempts           | 0                               | contact.max_call_attempts           | must be a whole number from 1 to 10",
                "/contact/store_time_zone             | \"Mars/Olympus\"                | contact.store_time_zone             | must be an IANA time zone",
                "/contact/calls_per_day               | 2                               | contact.calls_per_day               | unknown field",
            })
    void refusesABrokenPolicyNamingTheField(String pointer, String value, String field, String problem)
            throws Exception {
        PolicyException refused =
                assertThrows(PolicyException.class, () -> PolicyReader.read(edited(pointer.trim(), value.trim())));
        assertEquals(field.trim(), refused.field(), refused.getMessage());
        assertTrue(refused.getMessage().contains(problem.trim()), refused.getMessage());
        assertTrue(refused.getMessage().startsWith("refund policy: " + field.trim() + ": "), refused.getMessage());
    }

    @Test
    void refusesADocumentThatIsNotJson() {
        PolicyException refused = assertThrows(PolicyException.class, () -> PolicyReader.read("{\"version\": "));
        assertTrue(refused.getMessage().contains("not valid JSON"), refused.getMessage());
    }

    @Test
    void refusesAMissingDocumentNamingWhereItLooked(@TempDir Path dir) {
        PolicyException refused = assertThrows(
                PolicyException.class,
                () -> PolicyLoader.load(dir.resolve("nowhere.json").toString()));
        assertTrue(refused.getMessage().contains("nowhere.json"), refused.getMessage());
        assertTrue(assertThrows(PolicyException.class, () -> PolicyLoader.load("classpath:policy/none.json"))
                .getMessage()
                .contains("no policy document at classpath:policy/none.json"));
    }

    @Test
    void aDocumentThatCannotBeReadIsRefusedNamingWhereAndWhy(@TempDir Path dir) {
        PolicyException refused = assertThrows(PolicyException.class, () -> PolicyLoader.load(dir.toString()));
        assertEquals("", refused.field());
        assertTrue(
                refused.getMessage().startsWith("refund policy: cannot read the policy document at " + dir + ": "),
                refused.getMessage());
    }

    @Test
    void theFunctionsPolicyIsTheConfiguredDocument(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, edited("/version", "\"2027-01-v1\""));
        RefundPolicy policy = new PolicyLoader().policy(new PolicyConfig() {
            @Override
            public String document() {
                return file.toString();
            }

            @Override
            public int storeCreditBonusPercent() {
                return 0;
            }

            @Override
            public boolean storeConnected() {
                return false;
            }
        });
        assertEquals("2027-01-v1", policy.version());
    }

    @Test
    void readsTheDefaultPolicyAndAFileVersionOfIt(@TempDir Path dir) throws Exception {
        PolicyDocument document = PolicyReader.read(defaultDocument());
        assertEquals("2026-11-v2", document.version());
        assertEquals(Duration.ofDays(7), document.evidenceExpiresAfter());
        for (RefundReason reason : RefundReason.values()) {
            assertTrue(document.rules().stream().anyMatch(r -> r.reasons().contains(reason)), reason.wire());
        }
        Path file = dir.resolve("policy.json");
        Files.writeString(file, edited("/version", "\"2026-12-v3\""));
        assertEquals("2026-12-v3", PolicyLoader.load(file.toString()).version());
    }

    @Test
    void callHoursAndAttemptsComeFromThePolicyWithDefaults() throws Exception {
        PolicyDocument.Contact contact = PolicyReader.read(defaultDocument()).contact();
        assertEquals(java.time.LocalTime.of(10, 0), contact.callFrom());
        assertEquals(java.time.LocalTime.of(18, 0), contact.callUntil());
        assertEquals(3, contact.maxCallAttempts());
        assertTrue(contact.mayCallAt(java.time.LocalTime.of(10, 0)), "from 10:00 on");
        assertTrue(contact.mayCallAt(java.time.LocalTime.of(17, 59)));
        assertTrue(!contact.mayCallAt(java.time.LocalTime.of(18, 0)), "until 18:00, not at it");
        assertTrue(!contact.mayCallAt(java.time.LocalTime.of(9, 59)));
        assertEquals(
                PolicyDocument.Contact.DEFAULT,
                PolicyReader.read(edited("/contact", "REMOVE")).contact(),
                "a policy without the section gets the defaults");
        PolicyDocument.Contact shanghai = PolicyReader.read(edited(
                        "/contact",
                        "{\"call_hours\": {\"from\": \"09:30\", \"until\": \"20:00\"}, \"max_call_attempts\": 2,"
                                + " \"store_time_zone\": \"Asia/Shanghai\"}"))
                .contact();
        assertEquals(
                new PolicyDocument.Contact(
                        java.time.LocalTime.of(9, 30),
                        java.time.LocalTime.of(20, 0),
                        2,
                        java.time.ZoneId.of("Asia/Shanghai")),
                shanghai);
    }

    @Test
    void aCategoryRuleIsPreferredAndEveryOtherCategoryFallsBackToTheGeneralRule() {
        PolicyDocument document = PolicyReader.read(defaultDocument());
        assertEquals(
                "merchant_fault_electronics",
                document.ruleFor(RefundReason.DAMAGED, java.util.Set.of("apparel", "electronics"))
                        .id());
        assertEquals(
                "merchant_fault",
                document.ruleFor(RefundReason.DAMAGED, java.util.Set.of("apparel"))
                        .id());
        assertEquals(
                "merchant_fault",
                document.ruleFor(RefundReason.DAMAGED, java.util.Set.of()).id());
    }
}
