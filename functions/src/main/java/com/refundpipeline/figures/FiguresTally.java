package com.refundpipeline.figures;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.store.CaseFollowUps.CaseWithFeedback;
import com.refundpipeline.store.CaseImages;
import com.refundpipeline.store.FigureKey;
import com.refundpipeline.store.FiguresStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Counts one change of a case item, exactly once: the new image's counts minus the old image's, added in one
 * transaction with the marker {@code v<version>} of the new version (see docs/adr/0040). A redelivered record finds
 * its marker and adds nothing; records of one case may come in any order, since additions commute.
 */
@ApplicationScoped
public class FiguresTally {

    private static final Logger LOG = Logger.getLogger(FiguresTally.class);

    /** What happened to one record. */
    public enum Outcome {
        COUNTED,
        ALREADY_COUNTED,
        NOTHING_TO_COUNT,
        NOT_A_CASE
    }

    /** A stream record as the function adapter hands it over: images in DynamoDB JSON, or null. */
    public record Change(String eventName, String sequenceNumber, JsonNode oldImage, JsonNode newImage) {}

    private final CaseImages images;
    private final FiguresStore figures;
    private final RefundPolicy policy;
    private final PipelineConfig config;
    private final Clock clock;

    public FiguresTally(
            CaseImages images, FiguresStore figures, RefundPolicy policy, PipelineConfig config, Clock clock) {
        this.images = images;
        this.figures = figures;
        this.policy = policy;
        this.config = config;
        this.clock = clock;
    }

    public String store() {
        return policy.document().store();
    }

    public ZoneId zone() {
        return ZoneId.of(config.figures().timeZone());
    }

    public Outcome count(Change change) {
        if ("REMOVE".equals(change.eventName())) {
            // A case expiring (TTL) or deleted takes nothing away: the figures keep what analysis needs.
            return Outcome.NOTHING_TO_COUNT;
        }
        Optional<CaseWithFeedback> now = images.read(change.newImage());
        if (now.isEmpty()) {
            return Outcome.NOT_A_CASE;
        }
        Optional<CaseWithFeedback> before = images.read(change.oldImage());
        Map<FigureKey, Map<String, Long>> delta = CaseFigures.delta(
                before.map(c -> CaseFigures.of(c.refundCase(), c.feedback(), store(), zone()))
                        .orElse(Map.of()),
                CaseFigures.of(now.get().refundCase(), now.get().feedback(), store(), zone()));
        if (delta.isEmpty()) {
            return Outcome.NOTHING_TO_COUNT;
        }
        String caseId = now.get().refundCase().caseId();
        long version = now.get().refundCase().version();
        boolean newVersion =
                before.map(b -> b.refundCase().version() != version).orElse(true);
        // A change that did not move the version (none does today, but nothing forbids it) is keyed by its
        // record's sequence number, which stays the same on every redelivery.
        String marker = String.format("v%010d", version) + (newVersion ? "" : "#" + change.sequenceNumber());
        FiguresStore.Added added = figures.add(caseId, marker, delta, clock.instant());
        if (added == FiguresStore.Added.ALREADY_COUNTED) {
            LOG.debugf("case %s %s already counted", caseId, marker);
            return Outcome.ALREADY_COUNTED;
        }
        return Outcome.COUNTED;
    }
}
