package com.refundpipeline.returns;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.ReturnAuthorization;
import com.refundpipeline.domain.ReturnLabel;
import com.refundpipeline.store.ReturnLabels;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Authorizes a return: the deadline from the rule's return days and a label bought at most once per case. The
 * label is claimed before the carrier is called and recorded under the claim, so a redelivered message (or a lost
 * race on the case) reuses the label instead of buying another.
 */
@ApplicationScoped
public class ReturnAuthorizer {

    private static final Logger LOG = Logger.getLogger(ReturnAuthorizer.class);

    private final ReturnLabels labels;
    private final CarrierLabels carrier;
    private final PipelineConfig config;

    public ReturnAuthorizer(ReturnLabels labels, CarrierLabels carrier, PipelineConfig config) {
        this.labels = labels;
        this.carrier = carrier;
        this.config = config;
    }

    /** Another delivery is buying this case's label right now: try again shortly. */
    public static class LabelPendingException extends RuntimeException {
        public LabelPendingException(String message) {
            super(message);
        }
    }

    /**
     * The move into {@code awaiting_return} with the return authorized inside its decision, and the case's due time
     * moved to the return deadline (the SLA clock stops while the parcel is owed): one write.
     */
    public CaseTransition authorized(CaseTransition move, Decision decision, Instant now) {
        Decision.Grant grant = Objects.requireNonNull(decision.grant(), "a return needs the decision's grant");
        ReturnAuthorization authorization = authorize(move.current(), grant, now);
        return move.withDecision(decision.withGrant(grant.withAuthorization(authorization)))
                .withResolutionDueAt(authorization.returnBy());
    }

    /**
     * The return authorization for {@code c} under {@code grant}, decided at {@code now}.
     *
     * @throws LabelPendingException when another delivery holds the label's claim
     * @throws CarrierLabels.CarrierException when the carrier failed in a way worth retrying
     */
    public ReturnAuthorization authorize(RefundCase c, Decision.Grant grant, Instant now) {
        Instant returnBy = now.plus(Duration.ofDays(grant.returnDays()));
        Optional<ReturnLabel> label = labelFor(c, now);
        return label.map(l -> new ReturnAuthorization(
                        returnBy,
                        grant.returnShipping(),
                        l.carrier(),
                        l.trackingCode(),
                        l.labelUrl(),
                        // A cost in another currency than the order's cannot be deducted from its refund.
                        l.currency().equals(c.currency()) ? l.cost() : null))
                .orElseGet(() -> new ReturnAuthorization(returnBy, grant.returnShipping(), null, null, null, null));
    }

    private Optional<ReturnLabel> labelFor(RefundCase c, Instant now) {
        Optional<ReturnLabel> bought = labels.find(c.caseId());
        if (bought.isPresent()) {
            return bought;
        }
        String owner = UUID.randomUUID().toString();
        if (!labels.claim(c.caseId(), owner, now, config.returns().labelLease())) {
            bought = labels.find(c.caseId());
            if (bought.isPresent()) {
                return bought;
            }
            throw new LabelPendingException("the return label of case " + c.caseId() + " is being bought");
        }
        ReturnLabel label;
        try {
            label = carrier.buy(new CarrierLabels.LabelRequest(
                    c.caseId(), c.orderId(), c.request().order().shipmentReference()));
        } catch (CarrierLabels.CarrierException e) {
            labels.release(c.caseId(), owner);
            if (e.retryable()) {
                throw e;
            }
            // The carrier cannot make a label for this order (no shipment to reverse, an address it cannot rate):
            // the customer sends the parcel to the address on their order page instead.
            LOG.warnf("case %s: no return label (%s); the customer ships it themselves", c.caseId(), e.getMessage());
            return Optional.empty();
        }
        labels.record(c.caseId(), owner, label);
        LOG.infof("case %s: return label %s %s bought", c.caseId(), label.carrier(), label.trackingCode());
        return Optional.of(label);
    }
}
