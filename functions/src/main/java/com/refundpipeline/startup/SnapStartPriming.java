package com.refundpipeline.startup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.messaging.sqs.SqsPriming;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.submit.RefundRequestBody;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * SnapStart priming: before Lambda snapshots a java21 function (CRaC's {@code beforeCheckpoint}), runs the paths the
 * first invocation would otherwise pay for, so that the snapshot holds their classes loaded, initialised and linked:
 * Jackson reading a storefront request and writing a queue message, and the first DynamoDB and SQS calls (client
 * build, signing, the HTTP connection, response and error unmarshalling).
 *
 * <p>
 * Nothing it does changes data: the DynamoDB call reads a case id that cannot exist (ids start {@code rc_} and are
 * derived from a hash), and the SQS call sends a message SQS refuses (a delay over its 900 s maximum), so no queue
 * ever holds it. A function that is given no cases table or no queue skips that call. Every failure is logged and
 * swallowed: priming must never stop a snapshot.
 *
 * <p>
 * The clients are looked up only here, not at startup, so functions that do not snapshot (the native build, the
 * local stack) do not create them any earlier than before.
 */
@ApplicationScoped
public class SnapStartPriming implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);

    /** A case id no case can have: real ids are {@code rc_} and a hash. */
    static final String ABSENT_CASE_ID = "priming-never-a-case";

    static final String SAMPLE_REQUEST = """
            {"order": {"id": "ord_priming", "customer_id": "cus_priming", "currency": "USD", "captured_amount": 5998,
                       "placed_at": "2026-01-01T08:00:00Z", "shipment_status": "delivered",
                       "shipped_at": "2026-01-01T18:00:00Z", "delivered_at": "2026-01-03T10:00:00Z",
                       "payment_reference": "pi_priming",
                       "lines": [{"sku": "SKU-1", "quantity": 2, "unit_amount": 2999, "category": "apparel"}]},
             "items": [{"sku": "SKU-1", "quantity": 1}], "reason": "damaged", "note": "priming",
             "evidence": [{"type": "photo", "url": "https://evidence.example/p.jpg", "content_type": "image/jpeg",
                           "bytes": 1}],
             "preferred_method": "original_payment",
             "customer": {"email": "p@example.com", "locale": "en", "time_zone": "UTC", "channel": "email"}}
            """;

    private final PipelineConfig config;
    private final Instance<CaseRepository> cases;
    private final Instance<SqsPriming> sqs;

    public SnapStartPriming(PipelineConfig config, Instance<CaseRepository> cases, Instance<SqsPriming> sqs) {
        this.config = config;
        this.cases = cases;
        this.sqs = sqs;
    }

    /**
     * Registers with CRaC's global context at startup. On Lambda's java21 runtime with SnapStart that context calls
     * {@link #beforeCheckpoint}; anywhere else (a JVM without CRaC) org.crac's fallback never calls it.
     */
    void register(@Observes StartupEvent startup) {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Map<String, String> outcome = prime();
        LOG.infof("snapstart priming before the checkpoint: %s", outcome);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: the SDK's credentials come from the restored environment, connections reopen on use.
    }

    /** Runs every priming step; what each did ("ok", "skipped: ...", or the error) by step name. */
    public Map<String, String> prime() {
        Map<String, String> outcome = new LinkedHashMap<>();
        outcome.put("jackson", step(this::primeJackson));
        outcome.put("dynamodb", step(this::primeDynamoDb));
        outcome.put("sqs", step(this::primeSqs));
        return outcome;
    }

    private String primeJackson() {
        RefundRequestBody body;
        try {
            body = Json.STRICT.readValue(SAMPLE_REQUEST, RefundRequestBody.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the priming sample no longer reads: " + e.getOriginalMessage(), e);
        }
        Json.write(body);
        CaseMessage message = new CaseMessage(
                CaseMessage.Type.STATUS_CHANGED, ABSENT_CASE_ID, CaseStatus.RECEIVED, 1L, Instant.EPOCH);
        Json.read(Json.write(message), CaseMessage.class);
        return "ok";
    }

    private String primeDynamoDb() {
        if (config.tables().cases().isEmpty() || !cases.isResolvable()) {
            return "skipped: no cases table";
        }
        return cases.get().find(ABSENT_CASE_ID).isPresent() ? "unexpected: the absent case exists" : "ok";
    }

    private String primeSqs() {
        Optional<String> queue = config.queues()
                .verify()
                .or(() -> config.queues().payout())
                .or(() -> config.queues().followUp());
        if (queue.isEmpty() || !sqs.isResolvable()) {
            return "skipped: no queue";
        }
        return sqs.get().sendRefused(queue.get());
    }

    private static String step(Supplier<String> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            LOG.warnf("snapstart priming step failed (the snapshot is taken anyway): %s", e.toString());
            return "failed: " + e;
        }
    }
}
