package com.refundpipeline.store;

/**
 * Where a contribution is counted: the store, the day the request was made (in the store's time zone), and the
 * dimensions reason × SKU × category × resolution. The case-level row of a reason and resolution has
 * {@link #ALL} as SKU and category: it counts each case once, whatever its lines; the SKU rows count each line.
 */
public record FigureKey(String store, String day, String reason, String sku, String category, String resolution) {

    /** SKU and category of the case-level rows. */
    public static final String ALL = "*";

    public boolean caseLevel() {
        return ALL.equals(sku);
    }

    /** The item's sort key within its store-day: {@code reason#sku#category#resolution}. */
    public String dimensions() {
        return reason + "#" + sku + "#" + category + "#" + resolution;
    }

    public static FigureKey of(String store, String day, String dimensions) {
        String[] parts = dimensions.split("#", 4);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not reason#sku#category#resolution: " + dimensions);
        }
        return new FigureKey(store, day, parts[0], parts[1], parts[2], parts[3]);
    }
}
