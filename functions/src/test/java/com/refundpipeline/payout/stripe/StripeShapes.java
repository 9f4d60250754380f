package com.refundpipeline.payout.stripe;

/**
 * Stripe's response bodies, in the shapes of its API reference (the Refund object, list objects and the error
 * object), filled in for the tests.
 */
public final class StripeShapes {

    private StripeShapes() {}

    public static String refund(
            String id,
            String paymentIntent,
            long amount,
            String status,
            String failureReason,
            String caseId,
            String idempotencyKey) {
        return """
                {
                  "id": "%s",
                  "object": "refund",
                  "amount": %d,
                  "balance_transaction": "txn_1Nispe2eZvKYlo2CYezqFhEx",
                  "charge": "ch_1NirD82eZvKYlo2CIvbtLWuY",
                  "created": 1692942318,
                  "currency": "usd",
                  "destination_details": {"card": {"reference": "123456789012", "reference_status": "available",
                                                   "reference_type": "acquirer_reference_number", "type": "refund"},
                                          "type": "card"},
                  "metadata": {"case_id": "%s", "idempotency_key": "%s"},
                  "payment_intent": "%s",
                  "reason": null,
                  "receipt_number": null,
                  "source_transfer_reversal": null,
                  "status": "%s",%s
                  "transfer_reversal": null
                }""".formatted(
                        id,
                        amount,
                        caseId,
                        idempotencyKey,
                        paymentIntent,
                        status,
                        failureReason == null
                                ? ""
                                : "\n  \"failure_reason\": \"" + failureReason
                                        + "\",\n  \"failure_balance_transaction\": \"txn_1NjXk32eZvKYlo2CtbJDy5UX\",");
    }

    public static String list(boolean hasMore, String... refunds) {
        return """
                {"object": "list", "url": "/v1/refunds", "has_more": %s, "data": [%s]}""".formatted(hasMore, String.join(",", refunds));
    }

    public static String error(String type, String code, String message) {
        return """
                {"error": {"type": "%s", %s"message": "%s",
                           "request_log_url": "https://dashboard.stripe.com/test/logs/req_xyz"}}""".formatted(type, code == null ? "" : "\"code\": \"" + code + "\", ", message);
    }

    public static String cardError(String declineCode) {
        return """
                {"error": {"type": "card_error", "code": "card_declined", "decline_code": "%s",
                           "message": "Your card was declined."}}""".formatted(declineCode);
    }
}
