package com.refundpipeline.review;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.refundpipeline.cases.CaseView;
import com.refundpipeline.figures.FiguresReport;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.http.ApiException;
import com.refundpipeline.http.FunctionUrlRequest;
import com.refundpipeline.http.FunctionUrlResponse;
import com.refundpipeline.http.JsonBodies;

import io.quarkus.funqy.Funq;

/**
 * review-case, behind its own function URL (AWS_IAM: only the support console's role may call it). The console
 * names the person deciding in {@code X-Reviewer-Id}; their tier comes from configuration.
 *
 * <pre>
 * GET  /cases                      the cases in review, oldest first, with their SLA age
 * GET  /cases/{case_id}            one case with its decision record and timeline
 * POST /cases/{case_id}/decisions  approve | decline | request_evidence
 * POST /cases/{case_id}/payout-retries  pay a payout_failed case again, as the next attempt
 * GET  /figures?from=&to=&by=&currency=  the figures (docs/figures.md); CSV with Accept: text/csv or format=csv
 * </pre>
 */
public class ReviewCaseFunction {

    private static final Logger LOG = Logger.getLogger(ReviewCaseFunction.class);
    private static final Pattern CASE_PATH = Pattern.compile("^/cases/(rc_[0-9a-f]{20})(/[a-z-]+)?/?$");
    static final String REVIEWER_HEADER = "X-Reviewer-Id";

    private final ReviewDesk desk;
    private final FiguresReport figures;

    public ReviewCaseFunction(ReviewDesk desk, FiguresReport figures) {
        this.desk = desk;
        this.figures = figures;
    }

    @Funq("review-case")
    public FunctionUrlResponse reviewCase(FunctionUrlRequest request) {
        try {
            return route(request);
        } catch (Refusal refused) {
            return FunctionUrlResponse.error(refused);
        } catch (ApiException refused) {
            return FunctionUrlResponse.error(refused);
        } catch (RuntimeException unexpected) {
            LOG.errorf(unexpected, "review request %s failed", request.requestId());
            return FunctionUrlResponse.error(new ApiException(500, "internal_error",
                    "something went wrong on our side; reload the case and try again", null));
        }
    }

    private FunctionUrlResponse route(FunctionUrlRequest request) {
        String path = request.path();
        if (path.equals("/cases") || path.equals("/cases/")) {
            requireMethod(request.method(), "GET");
            return FunctionUrlResponse.json(200, Map.of("data", desk.queue()));
        }
        if (path.equals("/figures") || path.equals("/figures/")) {
            requireMethod(request.method(), "GET");
            return figures(request);
        }
        Matcher matcher = CASE_PATH.matcher(path);
        if (!matcher.matches()) {
            throw Refusal.notFound("route_not_found", "nothing at " + path);
        }
        String caseId = matcher.group(1);
        String sub = matcher.group(2) == null ? "" : matcher.group(2);
        return switch (sub) {
            case "" -> {
                requireMethod(request.method(), "GET");
                yield FunctionUrlResponse.json(200, CaseView.forStaff(desk.find(caseId)));
            }
            case "/decisions" -> {
                requireMethod(request.method(), "POST");
                ReviewDecisionBody body = JsonBodies.read(request, ReviewDecisionBody.class);
                yield FunctionUrlResponse.json(200,
                        CaseView.forStaff(desk.decide(request.header(REVIEWER_HEADER), caseId, body)));
            }
            case "/payout-retries" -> {
                requireMethod(request.method(), "POST");
                yield FunctionUrlResponse.json(200,
                        CaseView.forStaff(desk.retryPayout(request.header(REVIEWER_HEADER), caseId)));
            }
            default -> throw Refusal.notFound("route_not_found", "nothing at " + path);
        };
    }

    private FunctionUrlResponse figures(FunctionUrlRequest request) {
        Map<String, String> parameters = request.queryStringParameters() == null ? Map.of()
                : request.queryStringParameters();
        FiguresReport.Query query = FiguresReport.query(parameters);
        Map<String, Object> answer = figures.read(query);
        String accept = request.header("Accept");
        if ("csv".equals(parameters.get("format")) || accept != null && accept.contains("text/csv")) {
            String name = "figures-" + query.by() + "-" + query.from() + "-" + query.to() + ".csv";
            return new FunctionUrlResponse(200, Map.of("content-type", "text/csv; charset=utf-8",
                    "content-disposition", "attachment; filename=\"" + name + "\""), FiguresReport.csv(answer), false);
        }
        return FunctionUrlResponse.json(200, answer);
    }

    private static void requireMethod(String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new ApiException(405, "method_not_allowed", "use " + expected + " here", null);
        }
    }
}
