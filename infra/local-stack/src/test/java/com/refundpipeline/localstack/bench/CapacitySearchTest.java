package com.refundpipeline.localstack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacitySearchTest {

    /**
     * A submit that answers in 20 ms up to {@code capacity} req/s and falls behind above it: over a 6 s probe its
     * backlog, and so its p99, grows with how far the rate is above capacity (500 ms at about 8 % above).
     */
    static CapacitySearch.Probe submitSustaining(int capacity, List<Integer> probed) {
        return rate -> {
            probed.add(rate);
            double p99 = rate <= capacity ? 20 : 20 + 6000.0 * (rate - capacity) / capacity;
            return Map.of("rate", rate, "p99_ms", p99, "errors", 0);
        };
    }

    @Test
    void findsTheCapacityWithinTenPercentInAFewProbes() throws Exception {
        List<Integer> probed = new ArrayList<>();
        Map<String, Object> found = new CapacitySearch(submitSustaining(73, probed), null, 6).run();
        int capacity = (int) found.get("capacity_per_s");
        assertTrue(capacity >= 66 && capacity <= 80, () -> "found " + capacity + " after " + probed);
        assertEquals(List.of(10, 20, 40, 80), probed.subList(0, 4));
        assertTrue(probed.size() <= 8, () -> "probed " + probed);
        assertEquals(probed.size(), ((List<?>) found.get("probes")).size());
    }

    @Test
    void errorsMeanNotSustainedAndTheCapacityIsAtLeastOne() throws Exception {
        Map<String, Object> found =
                new CapacitySearch(rate -> Map.of("rate", rate, "p99_ms", 5.0, "errors", 1), null, 3).run();
        assertEquals(1, found.get("capacity_per_s"));
        assertEquals(1, found.get("first_not_sustained_per_s"));
    }
}
