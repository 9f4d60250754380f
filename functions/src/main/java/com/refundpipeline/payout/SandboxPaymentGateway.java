package com.refundpipeline.payout;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in provider for local runs and demos, idempotent by key like a real one, deterministic by amount:
 * <ul>
 * <li>amounts ending in 91 settle later (pending first, succeeded when asked again);</li>
 * <li>amounts ending in 92 are declined by the bank ({@code card_declined});</li>
 * <li>amounts ending in 93 time out on the first call, having paid (the lost-answer case to reconcile);</li>
 * <li>amounts ending in 94 are declined on the first attempt and paid on an operator's retry (the customer's card
 * was replaced meanwhile): the console's retry, end to end;</li>
 * <li>every other amount succeeds.</li>
 * </ul>
 * It keeps its refunds in memory, per process.
 */
public class SandboxPaymentGateway implements PaymentGateway {

    private final Map<String, PaymentResult> refunds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @Override
    public PaymentResult refund(RefundInstruction instruction) {
        int call = calls.computeIfAbsent(instruction.idempotencyKey(), k -> new AtomicInteger())
                .incrementAndGet();
        PaymentResult result = refunds.computeIfAbsent(instruction.idempotencyKey(), key -> create(instruction));
        if (instruction.amount() % 100 == 93 && call == 1) {
            throw new PaymentOutcomeUnknownException("sandbox: read timed out", null);
        }
        return result;
    }

    @Override
    public Optional<PaymentResult> find(RefundInstruction instruction) {
        String idempotencyKey = instruction.idempotencyKey();
        PaymentResult result = refunds.get(idempotencyKey);
        if (result != null && result.status() == PaymentResult.Status.PENDING) {
            // Pending refunds settle by the time anyone asks again.
            result = new PaymentResult(PaymentResult.Status.SUCCEEDED, result.providerReference(), null);
            refunds.put(idempotencyKey, result);
        }
        return Optional.ofNullable(result);
    }

    /** How many distinct refunds the sandbox made: the figure exactly-once is judged by. */
    public int refundsMade() {
        return refunds.size();
    }

    public Map<String, PaymentResult> refunds() {
        return Map.copyOf(refunds);
    }

    private static PaymentResult create(RefundInstruction instruction) {
        String reference = "re_sandbox_"
                + UUID.nameUUIDFromBytes(instruction.idempotencyKey().getBytes(StandardCharsets.UTF_8))
                        .toString()
                        .replace("-", "")
                        .substring(0, 16);
        return switch ((int) (instruction.amount() % 100)) {
            case 91 -> new PaymentResult(PaymentResult.Status.PENDING, reference, null);
            case 92 -> new PaymentResult(PaymentResult.Status.FAILED, reference, "card_declined");
            case 94 ->
                instruction.idempotencyKey().endsWith("-1")
                        ? new PaymentResult(PaymentResult.Status.FAILED, reference, "card_declined")
                        : new PaymentResult(PaymentResult.Status.SUCCEEDED, reference, null);
            default -> new PaymentResult(PaymentResult.Status.SUCCEEDED, reference, null);
        };
    }
}
