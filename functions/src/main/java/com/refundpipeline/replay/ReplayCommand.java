package com.refundpipeline.replay;

import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.json.Json;
import com.refundpipeline.policy.PolicyException;
import com.refundpipeline.policy.PolicyLoader;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.store.dynamo.DynamoCaseArchive;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-decides past cases under a policy document and reports what would change; reads only (Query on the by-status index, GetItem).
 *
 * <pre>
 * java -cp 'functions/target/quarkus-app/lib/main/*:functions/target/quarkus-app/app/*' \
 *   com.refundpipeline.replay.ReplayCommand --table refunds-prod-cases --policy policy-2026-12.json \
 *   [--case rc_... ...] [--since 2026-11-01T00:00:00Z] [--until 2026-12-01T00:00:00Z] [--json] [--store-connected]
 *   [--region eu-west-1] [--endpoint http://localhost:8000]
 * </pre>
 *
 * Exit status: 0 nothing would change, 1 something would, 2 bad arguments or policy.
 */
public final class ReplayCommand {

    private ReplayCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        RefundPolicy policy;
        try {
            options = Options.parse(args);
            // Without --store-connected, replacement and exchange fall through as on a stack without the store.
            policy = PolicyLoader.load(options.policy).withStoreConnection(options.storeConnected);
        } catch (IllegalArgumentException | PolicyException e) {
            err.println("replay: " + e.getMessage());
            err.println("usage: ReplayCommand --table NAME --policy FILE [--case ID ...] [--since ISO] [--until ISO]"
                    + " [--json] [--store-connected] [--region R] [--endpoint URL]");
            return 2;
        }
        try (DynamoCaseArchive archive = DynamoCaseArchive.open(options.table, options.region, options.endpoint)) {
            List<RefundCase> cases = new ArrayList<>();
            if (options.caseIds.isEmpty()) {
                cases.addAll(archive.decidedBetween(options.since, options.until));
            } else {
                for (String id : options.caseIds) {
                    archive.find(id).ifPresentOrElse(cases::add, () -> err.println("replay: no case " + id));
                }
            }
            PolicyReplay.Report report = PolicyReplay.replay(policy, cases);
            print(report, options.json, out);
            return report.changed() == 0 ? 0 : 1;
        }
    }

    static void print(PolicyReplay.Report report, boolean json, PrintStream out) {
        if (json) {
            out.println(Json.write(report));
            return;
        }
        out.printf(
                "policy %s: %d case(s) re-decided, %d would change%n",
                report.policyVersion(), report.cases(), report.changed());
        for (PolicyReplay.Line l : report.lines()) {
            out.printf(
                    "%s %-17s %s  %s %s%s%s by %s (%s)  ->  %s%s%s by %s%s%s%n",
                    l.changed() ? "CHANGED" : "same   ",
                    l.reason(),
                    l.caseId(),
                    l.beforeVersion(),
                    l.beforeOutcome(),
                    amount(l.beforeAmount(), l.currency()),
                    granted(l, l.beforeResolution()),
                    l.beforeRule(),
                    l.decidedBy(),
                    l.afterOutcome(),
                    amount(l.afterAmount(), l.currency()),
                    granted(l, l.afterResolution()),
                    l.afterRule(),
                    l.inputsRecorded() ? "" : "  [inputs not recorded: assumed]",
                    fellThrough(l));
        }
    }

    /** The resolution, shown when the replay grants another one than was granted. */
    private static String granted(PolicyReplay.Line l, String resolution) {
        return resolution == null || java.util.Objects.equals(l.beforeResolution(), l.afterResolution())
                ? ""
                : " as " + resolution;
    }

    /** Goods granted before, money now because the replay has no store connection: say so, it is not the policy. */
    private static String fellThrough(PolicyReplay.Line l) {
        boolean goodsBefore = "replacement".equals(l.beforeResolution()) || "exchange".equals(l.beforeResolution());
        boolean goodsAfter = "replacement".equals(l.afterResolution()) || "exchange".equals(l.afterResolution());
        return goodsBefore && !goodsAfter && !l.storeConnected()
                ? "  [no store connection: " + l.beforeResolution() + " falls through to " + l.afterResolution() + "]"
                : "";
    }

    /** People read this report: major units with the currency, as everywhere a person reads money. */
    private static String amount(Long amount, String currency) {
        return amount == null ? "" : " " + Readable.money(amount, currency);
    }

    static final class Options {
        String table;
        String policy;
        List<String> caseIds = new ArrayList<>();
        Instant since = Instant.EPOCH;
        Instant until = Instant.parse("9999-12-31T00:00:00Z");
        boolean json;
        boolean storeConnected;
        String region;
        String endpoint;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--json" -> o.json = true;
                    case "--store-connected" -> o.storeConnected = true;
                    case "--table", "--policy", "--case", "--since", "--until", "--region", "--endpoint" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(arg + " needs a value");
                        }
                        String value = args[++i];
                        switch (arg) {
                            case "--table" -> o.table = value;
                            case "--policy" -> o.policy = value;
                            case "--case" -> o.caseIds.add(value);
                            case "--since" -> o.since = instant(arg, value);
                            case "--until" -> o.until = instant(arg, value);
                            case "--region" -> o.region = value;
                            default -> o.endpoint = value;
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (o.table == null || o.policy == null) {
                throw new IllegalArgumentException("--table and --policy are required");
            }
            return o;
        }

        private static Instant instant(String arg, String value) {
            try {
                return Instant.parse(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(arg + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
            }
        }
    }
}
