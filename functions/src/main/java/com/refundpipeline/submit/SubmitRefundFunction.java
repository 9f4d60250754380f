package com.refundpipeline.submit;

import com.refundpipeline.cases.Satisfaction;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.figures.SalesFeed;
import com.refundpipeline.http.ApiException;
import com.refundpipeline.http.FunctionUrlRequest;
import com.refundpipeline.http.FunctionUrlResponse;
import com.refundpipeline.http.JsonBodies;
import io.quarkus.funqy.Funq;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * submit-refund, behind a function URL: routes the storefront's HTTP calls to the {@link RefundDesk}.
 *
 * <pre>
 * POST /refunds                          open a case (Idempotency-Key header required)
 * GET  /refunds/{case_id}                the case, its decision, payout and timeline
 * GET  /refunds/{case_id}/notifications  what the customer was told
 * POST /refunds/{case_id}/evidence       add evidence to a case waiting on it
 * POST /refunds/{case_id}/feedback       the customer's satisfaction, once per resolved case
 * POST /refunds/{case_id}/unsubscribe    the customer wants no more messages on a channel
 * POST /refunds/{case_id}/withdraw       the customer withdraws the case before the money moves
 * POST /sales                            the store's units sold per SKU on a day, for refund rates (optional)
 * </pre>
 */
public class SubmitRefundFunction {

    private static final Logger LOG = Logger.getLogger(SubmitRefundFunction.class);
    private static final Pattern CASE_PATH = Pattern.compile("^/refunds/(rc_[0-9a-f]{20})(/[a-z]+)?/?$");
    /**
     * Printable ASCII without padding: a key that is blank or starts or ends with a space is a storefront bug, and
     * " k" would otherwise open a second case for what was meant as "k" (issue 17).
     */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]([\\x20-\\x7E]{0,253}[\\x21-\\x7E])?");

    private final RefundDesk desk;
    private final Satisfaction satisfaction;
    private final SalesFeed sales;

    public SubmitRefundFunction(RefundDesk desk, Satisfaction satisfaction, SalesFeed sales) {
        this.desk = desk;
        this.satisfaction = satisfaction;
        this.sales = sales;
    }

    @Funq("submit-refund")
    public FunctionUrlResponse submitRefund(FunctionUrlRequest request) {
        MDC.put("request_id", String.valueOf(request.requestId()));
        try {
            return route(request);
        } catch (Refusal refused) {
            return FunctionUrlResponse.error(refused);
        } catch (ApiException refused) {
            return FunctionUrlResponse.error(refused);
        } catch (RuntimeException unexpected) {
            // The storefront retries with the same key; nothing half-done can be paid twice.
            LOG.errorf(unexpected, "request %s failed", request.requestId());
            return FunctionUrlResponse.error(new ApiException(
                    500,
                    "internal_error",
                    "something went wrong on our side; retry with the same Idempotency-Key",
                    null));
        } finally {
            MDC.remove("request_id");
        }
    }

    private FunctionUrlResponse route(FunctionUrlRequest request) {
        String path = request.path();
        String method = request.method();
        if (path.equals("/refunds") || path.equals("/refunds/")) {
            requireMethod(method, "POST");
            RefundDesk.Submission submission =
                    desk.submit(idempotencyKey(request), JsonBodies.read(request, RefundRequestBody.class));
            return FunctionUrlResponse.json(submission.created() ? 201 : 200, submission.receipt());
        }
        if (path.equals("/sales") || path.equals("/sales/")) {
            requireMethod(method, "POST");
            return FunctionUrlResponse.json(200, sales.record(JsonBodies.read(request, SalesFeed.SalesBody.class)));
        }
        Matcher matcher = CASE_PATH.matcher(path);
        if (!matcher.matches()) {
            if (path.startsWith("/refunds/")) {
                throw Refusal.notFound("case_not_found", "no case at " + path);
            }
            throw Refusal.notFound("route_not_found", "nothing at " + path);
        }
        String caseId = matcher.group(1);
        String sub = matcher.group(2) == null ? "" : matcher.group(2);
        return switch (sub) {
            case "" -> {
                requireMethod(method, "GET");
                yield FunctionUrlResponse.json(200, desk.find(caseId));
            }
            case "/notifications" -> {
                requireMethod(method, "GET");
                yield FunctionUrlResponse.json(200, Map.of("data", desk.notifications(caseId)));
            }
            case "/evidence" -> {
                requireMethod(method, "POST");
                yield FunctionUrlResponse.json(
                        200,
                        desk.addEvidence(caseId, JsonBodies.read(request, RefundRequestBody.EvidenceAddition.class)));
            }
            case "/feedback" -> {
                requireMethod(method, "POST");
                yield FunctionUrlResponse.json(
                        201, satisfaction.answer(caseId, JsonBodies.read(request, Satisfaction.FeedbackBody.class)));
            }
            case "/unsubscribe" -> {
                requireMethod(method, "POST");
                Satisfaction.UnsubscribeBody body = JsonBodies.read(request, Satisfaction.UnsubscribeBody.class);
                satisfaction.unsubscribe(caseId, body);
                yield FunctionUrlResponse.json(
                        200, Map.of("case_id", caseId, "channel", body.channel(), "unsubscribed", true));
            }
            case "/withdraw" -> {
                requireMethod(method, "POST");
                // The body is optional: an empty POST withdraws without a note.
                RefundRequestBody.Withdrawal body = request.bodyBytes().length == 0
                        ? null
                        : JsonBodies.read(request, RefundRequestBody.Withdrawal.class);
                yield FunctionUrlResponse.json(200, desk.withdraw(caseId, body));
            }
            default -> throw Refusal.notFound("route_not_found", "nothing at " + path);
        };
    }

    private static void requireMethod(String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new ApiException(405, "method_not_allowed", "use " + expected + " here", null);
        }
    }

    private static String idempotencyKey(FunctionUrlRequest request) {
        String key = request.header("Idempotency-Key");
        if (key == null) {
            throw Refusal.malformed(
                    "idempotency_key_missing",
                    "send an Idempotency-Key header so a retry never opens a second case",
                    "Idempotency-Key");
        }
        if (!KEY.matcher(key).matches()) {
            throw Refusal.malformed(
                    "idempotency_key_invalid",
                    "Idempotency-Key must be 1 to 255 printable ASCII characters, not starting or ending with a space",
                    "Idempotency-Key");
        }
        return key;
    }
}
