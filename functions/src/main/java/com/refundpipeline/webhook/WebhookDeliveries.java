package com.refundpipeline.webhook;

import com.refundpipeline.domain.Refusal;
import com.refundpipeline.http.ApiException;
import com.refundpipeline.http.FunctionUrlRequest;
import com.refundpipeline.http.FunctionUrlResponse;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What every provider webhook answers alike: one POST route, refusals as their status, and anything unexpected as a
 * 500 the provider retries (every change a delivery makes is conditional, so a retry is safe).
 */
final class WebhookDeliveries {

    private WebhookDeliveries() {}

    static FunctionUrlResponse answer(
            FunctionUrlRequest request,
            String route,
            Logger log,
            Function<FunctionUrlRequest, FunctionUrlResponse> handler) {
        try {
            if (!request.path().equals(route) && !request.path().equals(route + "/")) {
                throw Refusal.notFound("route_not_found", "nothing at " + request.path());
            }
            if (!"POST".equals(request.method())) {
                throw new ApiException(405, "method_not_allowed", "use POST here", null);
            }
            return handler.apply(request);
        } catch (Refusal refused) {
            return FunctionUrlResponse.error(refused);
        } catch (ApiException refused) {
            return FunctionUrlResponse.error(refused);
        } catch (RuntimeException unexpected) {
            log.errorf(unexpected, "webhook delivery %s failed", request.requestId());
            return FunctionUrlResponse.error(new ApiException(500, "internal_error", "try again later", null));
        }
    }
}
