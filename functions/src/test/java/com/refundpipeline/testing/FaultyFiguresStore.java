package com.refundpipeline.testing;

import com.refundpipeline.store.FigureKey;
import com.refundpipeline.store.FiguresStore;
import com.refundpipeline.store.dynamo.DynamoFigures;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The DynamoDB figures store, except that a marker named in advance fails once: before its transaction (a throttle,
 * a network error) or after it committed (the answer lost on the way back, the worst case for exactly once).
 * Enabled only by {@link TallyFiguresProfile}.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class FaultyFiguresStore implements FiguresStore {

    public enum When {
        BEFORE_WRITE,
        AFTER_COMMIT
    }

    private static final Map<String, When> FAILING = new ConcurrentHashMap<>();
    /** Items written by contributions that counted (marker + rows), for the cost per case. */
    public static final AtomicLong ITEMS_WRITTEN = new AtomicLong();

    private final DynamoFigures delegate;

    public FaultyFiguresStore(DynamoFigures delegate) {
        this.delegate = delegate;
    }

    /** The next contribution of {@code caseId} with {@code marker} fails once, as said. */
    public static void failOnce(String caseId, String marker, When when) {
        FAILING.put(caseId + "/" + marker, when);
    }

    @Override
    public Added add(String caseId, String marker, Map<FigureKey, Map<String, Long>> delta, Instant at) {
        When when = FAILING.remove(caseId + "/" + marker);
        if (when == When.BEFORE_WRITE) {
            throw new IllegalStateException("simulated: the figures write of " + caseId + " " + marker + " failed");
        }
        Added added = delegate.add(caseId, marker, delta, at);
        if (added == Added.ADDED) {
            ITEMS_WRITTEN.addAndGet(1 + delta.size());
        }
        if (when == When.AFTER_COMMIT) {
            throw new IllegalStateException(
                    "simulated: the answer to the committed write of " + caseId + " " + marker + " was lost");
        }
        return added;
    }

    @Override
    public List<Row> day(String store, String day) {
        return delegate.day(store, day);
    }

    @Override
    public void recordSales(String store, String day, String sku, long unitsSold) {
        delegate.recordSales(store, day, sku, unitsSold);
    }

    @Override
    public Map<String, Long> sales(String store, String day) {
        return delegate.sales(store, day);
    }
}
