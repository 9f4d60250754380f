package com.refundpipeline.orders;

import java.util.Map;

/**
 * One event for the store: its type ({@code replacement.requested}, {@code inventory.restock}), a deterministic id
 * (the same for every repeat of the same fact) and the detail, in snake_case JSON. Ids and references only: never the
 * customer's contact details.
 */
public record StoreEvent(String detailType, String eventId, Map<String, Object> detail) {

    public static final String SOURCE = "refund-pipeline";
    public static final String REPLACEMENT_REQUESTED = "replacement.requested";
    public static final String INVENTORY_RESTOCK = "inventory.restock";
}
