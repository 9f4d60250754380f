package com.refundpipeline.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The figures table: counters per store-day × reason × SKU × category × resolution, added to by the stream
 * function exactly once per contribution, read a day at a time; and the store's optional daily sales per SKU.
 */
public interface FiguresStore {

    enum Added {
        /** The counters moved, and the marker now says so. */
        ADDED,
        /** The marker was already there: a redelivered or retried record; nothing moved. */
        ALREADY_COUNTED
    }

    /** One row: its key and its counters. */
    record Row(FigureKey key, Map<String, Long> counters) {}

    /**
     * Adds the counters of every row and records {@code marker} in one transaction: if the marker exists, nothing
     * is added. {@code at} dates the marker (it expires long after any retry could come).
     */
    Added add(String caseId, String marker, Map<FigureKey, Map<String, Long>> delta, Instant at);

    /** Every row of a store's day (one Query, paginated). */
    List<Row> day(String store, String day);

    /** Sets the units of a SKU the store sold on a day (the latest report wins). */
    void recordSales(String store, String day, String sku, long unitsSold);

    /** Units sold per SKU on a day; empty when the store sent none. */
    Map<String, Long> sales(String store, String day);
}
