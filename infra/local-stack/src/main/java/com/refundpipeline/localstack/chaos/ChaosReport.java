package com.refundpipeline.localstack.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Writes the chaos run's report: chaos.json and chaos.md in the report directory (docs/ for make chaos). */
final class ChaosReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ChaosReport() {}

    static void write(
            ChaosRun.Settings settings,
            Faults faults,
            Auditor.Result result,
            Duration recovery,
            Duration took,
            Duration submitting,
            Map<String, Integer> actions,
            long clientRetries,
            ChaosProvider provider)
            throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.put("seed", settings.seed());
        json.put("rerun", "make chaos CHAOS_ARGS='--cases " + settings.cases() + " --seed " + settings.seed() + "'");
        json.put("finished_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        json.put("cases_asked", settings.cases());
        json.put("cases", result.cases());
        json.put("refused_at_submit", result.refusedAtSubmit());
        json.put("time_taken_seconds", took.toSeconds());
        json.put("submitting_seconds", submitting.toSeconds());
        json.put("cases_per_second_submitting", perSecond(result.cases(), submitting));
        json.put("cases_per_second_overall", perSecond(result.cases(), took));
        json.put("figures_requests_counted", result.figuresRequests());
        json.put("recovery_seconds_after_last_fault", recovery.toSeconds());
        json.put("faults_injected", faults.total());
        ObjectNode byKind = json.putObject("faults_by_kind");
        for (Faults.Kind k : Faults.Kind.values()) {
            ObjectNode kind = byKind.putObject(k.name().toLowerCase(Locale.ROOT));
            kind.put("rate", k.rate * faults.scale());
            kind.put("injected", faults.injected().get(k.name().toLowerCase(Locale.ROOT)));
            kind.put("what", k.description);
        }
        json.putPOJO("statuses", result.statuses());
        json.putPOJO("waiting", result.waiting());
        json.putPOJO("checks", result.checks());
        json.put("violation_count", result.violations().size());
        json.putPOJO("violations", result.violations());
        json.put("dead_letters", result.deadLetters());
        json.put("provider_refunds", result.providerRefunds());
        json.put("provider_webhooks_delivered", provider.webhooksSent());
        json.put("provider_webhooks_refused", provider.webhooksRefused());
        json.put("provider_idempotency_errors", provider.mismatchedRetries());
        json.put("store_credit_entries", result.storeCreditEntries());
        json.put("coupons", result.coupons());
        json.put("customer_messages", result.messages());
        json.put("client_retries", clientRetries);
        json.putPOJO("actions", new TreeMap<>(actions));
        Files.createDirectories(settings.reportDir());
        JSON.writeValue(settings.reportDir().resolve("chaos.json").toFile(), json);

        StringBuilder md = new StringBuilder();
        md.append("# Chaos run\n\n");
        md.append("Written by `make chaos` (see [testing.md](testing.md#chaos)); rerun exactly this one with `")
                .append(json.path("rerun").asText())
                .append("`. Every number below is also in `chaos.json`.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| seed | ").append(settings.seed()).append(" |\n");
        md.append("| cases | ")
                .append(result.cases())
                .append(" (")
                .append(result.refusedAtSubmit())
                .append(" refused at submit, as asked: e.g. more units than the order has left) |\n");
        md.append("| faults injected | ").append(faults.total()).append(" |\n");
        md.append("| violations | **").append(result.violations().size()).append("** |\n");
        md.append("| recovery after the last fault | ")
                .append(recovery.toSeconds())
                .append(" s |\n");
        md.append("| time taken | ")
                .append(took.toSeconds())
                .append(" s (")
                .append(json.path("cases_per_second_overall").asText())
                .append(" cases/s overall; submitting ")
                .append(submitting.toSeconds())
                .append(" s, ")
                .append(json.path("cases_per_second_submitting").asText())
                .append(" cases/s) |\n");
        md.append("| finished | ").append(json.path("finished_at").asText()).append(" |\n\n");
        if (settings.cases() < ChaosRun.DEFAULT_CASES) {
            md.append("This run is smaller than `make chaos`'s default of ")
                    .append(String.format(Locale.ROOT, "%,d", ChaosRun.DEFAULT_CASES))
                    .append(" cases; [testing.md](testing.md#chaos) says why, and what the default takes.\n\n");
        }
        md.append("## Faults by kind\n\n| kind | rate | injected | what |\n|---|---|---|---|\n");
        for (Faults.Kind k : Faults.Kind.values()) {
            md.append("| `")
                    .append(k.name().toLowerCase(Locale.ROOT))
                    .append("` | ")
                    .append(k.rate * faults.scale())
                    .append(" | ")
                    .append(faults.injected().get(k.name().toLowerCase(Locale.ROOT)))
                    .append(" | ")
                    .append(k.description)
                    .append(" |\n");
        }
        md.append("\n## Where the cases ended\n\n| status | cases |\n|---|---|\n");
        result.statuses()
                .forEach((s, n) ->
                        md.append("| `").append(s).append("` | ").append(n).append(" |\n"));
        if (!result.waiting().isEmpty()) {
            md.append("\nWaiting, or told otherwise, and why:\n\n");
            result.waiting()
                    .forEach((s, n) ->
                            md.append("- ").append(n).append(" × ").append(s).append('\n'));
        }
        md.append("\n## Invariants checked\n\n| check | times |\n|---|---|\n");
        result.checks()
                .forEach((s, n) ->
                        md.append("| ").append(s).append(" | ").append(n).append(" |\n"));
        md.append("\nFrom the records the pipeline does not write: ")
                .append(result.providerRefunds())
                .append(" refunds in the provider's ledger, ")
                .append(result.storeCreditEntries())
                .append(" store-credit entries and ")
                .append(result.coupons())
                .append(" coupons in their table, ")
                .append(result.messages())
                .append(" messages in the SES/SNS stand-in, ")
                .append(result.deadLetters())
                .append(" dead letters; GET /figures counted ")
                .append(result.figuresRequests())
                .append(" requests for ")
                .append(result.cases())
                .append(" cases.\n");
        md.append("\n## What the customers, the reviewer, the operator and the carrier did\n\n");
        md.append("Each call as answered (after the client's retries; `no answer` when they ran out).\n\n");
        md.append("| action | times |\n|---|---|\n");
        new TreeMap<>(actions)
                .forEach((a, n) ->
                        md.append("| ").append(a).append(" | ").append(n).append(" |\n"));
        md.append("\nThe client retried ")
                .append(clientRetries)
                .append(" calls (5xx or no connection), each with the same body and Idempotency-Key. ")
                .append("The provider delivered ")
                .append(provider.webhooksSent())
                .append(" webhooks (")
                .append(provider.webhooksRefused())
                .append(" of them refused and delivered again).\n");
        md.append("\n## Violations\n\n");
        if (result.violations().isEmpty()) {
            md.append("None.\n");
        } else {
            result.violations().stream()
                    .limit(100)
                    .forEach(v -> md.append("- ").append(v).append('\n'));
        }
        Files.writeString(settings.reportDir().resolve("chaos.md"), md.toString());
    }

    private static double perSecond(int cases, Duration d) {
        return d.isZero() ? 0 : Math.round(cases * 100.0 / (d.toMillis() / 1000.0)) / 100.0;
    }
}
