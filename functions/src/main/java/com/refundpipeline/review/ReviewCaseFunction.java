package com.refundpipeline.review;

import com.refundpipeline.cases.CaseView;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.figures.FiguresReport;
import com.refundpipeline.http.ApiException;
import com.refundpipeline.http.FunctionUrlRequest;
import com.refundpipeline.http.FunctionUrlResponse;
import com.refundpipeline.http.JsonBodies;
import com.refundpipeline.policy.RefundPolicy;
import io.quarkus.funqy.Funq;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * review-case, behind the console's HTTP API, whose JWT authorizer verifies each person's sign-in; the person and
 * their tier come from the verified claims only ({@link SignedInReviewer}), on AWS and on the local stack alike.
 *
 * <pre>
 * GET  /me                         who is signed in, their tier and authority
 * GET  /queues/{queue}             in_review | evidence_overdue | payouts_failed | returns_received | returns_awaited
 *                                  | returns_in_transit, due first (?cursor, limit, reason, currency)
 * GET  /search?q=                  by case id, order id or customer id
 * GET  /cases                      the cases in review, oldest first, with their SLA age
 * GET  /cases/{case_id}/order      the order the case refunds: lines, amounts, shipment (no contact details)
 * POST /cases/{case_id}/notes      an internal note on the timeline (never shown to the customer)
 * GET  /cases/{case_id}/desk       the tier the case waits for, who may decide it, the customer's clock and calls
 * POST /cases/{case_id}/escalations  hand the case to a higher tier with a note
 * POST /cases/{case_id}/calls      record a phone call attempt and its outcome (within the policy's call hours)
 * GET  /cases/{case_id}            one case with its decision record and timeline
 * POST /cases/{case_id}/decisions  approve | decline | request_evidence
 * POST /cases/{case_id}/inspections   inspect a received return line by line: approve what is resalable, or decline
 * POST /cases/{case_id}/payout-retries  pay a payout_failed case again, as the next attempt
 * GET  /figures?from=&to=&by=&currency=  the figures (docs/figures.md); CSV with Accept: text/csv or format=csv
 * </pre>
 */
public class ReviewCaseFunction {

    private static final Logger LOG = Logger.getLogger(ReviewCaseFunction.class);
    private static final Pattern CASE_PATH = Pattern.compile("^/cases/(rc_[0-9a-f]{20})(/[a-z-]+)?/?$");
    private static final Pattern QUEUE_PATH = Pattern.compile("^/queues/([a-z_]{1,40})/?$");

    private final ReviewDesk desk;
    private final ConsoleDesk console;
    private final RefundPolicy policy;
    private final FiguresReport figures;

    public ReviewCaseFunction(ReviewDesk desk, ConsoleDesk console, RefundPolicy policy, FiguresReport figures) {
        this.desk = desk;
        this.console = console;
        this.policy = policy;
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
            return FunctionUrlResponse.error(new ApiException(
                    500, "internal_error", "something went wrong on our side; reload the case and try again", null));
        }
    }

    private FunctionUrlResponse route(FunctionUrlRequest request) {
        String path = request.path();
        Reviewers.Reviewer reviewer = SignedInReviewer.of(request, policy.document());
        Map<String, String> query = ConsoleDesk.query(request.queryStringParameters());
        if (path.equals("/me")) {
            requireMethod(request.method(), "GET");
            return FunctionUrlResponse.json(200, console.me(reviewer));
        }
        if (path.equals("/search")) {
            requireMethod(request.method(), "GET");
            return FunctionUrlResponse.json(200, console.search(query.get("q")));
        }
        Matcher queue = QUEUE_PATH.matcher(path);
        if (queue.matches()) {
            requireMethod(request.method(), "GET");
            return FunctionUrlResponse.json(200, console.queue(queue.group(1), query));
        }
        if (path.equals("/cases") || path.equals("/cases/")) {
            requireMethod(request.method(), "GET");
            return FunctionUrlResponse.json(200, Map.of("data", desk.queue()));
        }
        if (path.equals("/figures") || path.equals("/figures/")) {
            requireMethod(request.method(), "GET");
            return figures(request, query);
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
                yield FunctionUrlResponse.json(200, CaseView.forStaff(desk.decide(reviewer, caseId, body)));
            }
            case "/inspections" -> {
                requireMethod(request.method(), "POST");
                InspectionBody body = JsonBodies.read(request, InspectionBody.class);
                yield FunctionUrlResponse.json(201, CaseView.forStaff(desk.inspect(reviewer, caseId, body)));
            }
            case "/payout-retries" -> {
                requireMethod(request.method(), "POST");
                yield FunctionUrlResponse.json(200, CaseView.forStaff(desk.retryPayout(reviewer, caseId)));
            }
            case "/order" -> {
                requireMethod(request.method(), "GET");
                yield FunctionUrlResponse.json(200, desk.find(caseId).request().order());
            }
            case "/notes" -> {
                requireMethod(request.method(), "POST");
                NoteBody body = JsonBodies.read(request, NoteBody.class);
                yield FunctionUrlResponse.json(201, CaseView.forStaff(console.addNote(reviewer, caseId, body.text())));
            }
            case "/desk" -> {
                requireMethod(request.method(), "GET");
                yield FunctionUrlResponse.json(200, console.desk(reviewer, caseId));
            }
            case "/escalations" -> {
                requireMethod(request.method(), "POST");
                EscalationBody body = JsonBodies.read(request, EscalationBody.class);
                yield FunctionUrlResponse.json(201, CaseView.forStaff(console.escalate(reviewer, caseId, body)));
            }
            case "/calls" -> {
                requireMethod(request.method(), "POST");
                CallBody body = JsonBodies.read(request, CallBody.class);
                yield FunctionUrlResponse.json(201, CaseView.forStaff(console.recordCall(reviewer, caseId, body)));
            }
            default -> throw Refusal.notFound("route_not_found", "nothing at " + path);
        };
    }

    private FunctionUrlResponse figures(FunctionUrlRequest request, Map<String, String> parameters) {
        FiguresReport.Query query = FiguresReport.query(parameters);
        Map<String, Object> answer = figures.read(query);
        String accept = request.header("Accept");
        if ("csv".equals(parameters.get("format")) || (accept != null && accept.contains("text/csv"))) {
            String name = "figures-" + query.by() + "-" + query.from() + "-" + query.to() + ".csv";
            return new FunctionUrlResponse(
                    200,
                    Map.of(
                            "content-type",
                            "text/csv; charset=utf-8",
                            "content-disposition",
                            "attachment; filename=\"" + name + "\""),
                    FiguresReport.csv(answer),
                    false);
        }
        return FunctionUrlResponse.json(200, answer);
    }

    private static void requireMethod(String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new ApiException(405, "method_not_allowed", "use " + expected + " here", null);
        }
    }
}
