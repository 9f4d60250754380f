package com.refundpipeline.orders;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Inspection;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.TimelineEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The events the store receives, built from the case alone, so a repeat builds the same event with the same id. */
public final class StoreEvents {

    private StoreEvents() {}

    /**
     * {@code replacement.requested}: what to ship (lines; an exchange's variant sku) and where (the order's own
     * shipping address, by reference: the order id and the outbound shipment's reference), never contact details.
     */
    public static StoreEvent replacementRequested(RefundCase c) {
        RefundRequest request = c.request();
        var grant = c.decision() == null ? null : c.decision().grant();
        if (grant == null || !grant.sendsGoods()) {
            throw new IllegalStateException("case " + c.caseId() + " was granted no replacement or exchange");
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (RefundRequest.RequestedItem item : request.items()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", item.sku());
            line.put("quantity", item.quantity());
            if (request.exchangeSku() != null) {
                line.put("exchange_sku", request.exchangeSku());
            }
            lines.add(line);
        }
        Map<String, Object> shipTo = new LinkedHashMap<>();
        shipTo.put("order_id", request.order().id());
        if (request.order().shipmentReference() != null) {
            shipTo.put("shipment_reference", request.order().shipmentReference());
        }
        String eventId = c.caseId() + ":" + StoreEvent.REPLACEMENT_REQUESTED;
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("event_id", eventId);
        detail.put("case_id", c.caseId());
        detail.put("order_id", request.order().id());
        detail.put("resolution", grant.resolution().wire());
        detail.put("lines", lines);
        detail.put("ship_to", shipTo);
        detail.put("requested_at", arrival(c, CaseStatus.REPLACEMENT_PENDING).toString());
        return new StoreEvent(StoreEvent.REPLACEMENT_REQUESTED, eventId, detail);
    }

    /**
     * {@code inventory.restock}, one per restocked line of the inspection: its sku, units and condition. Lines of the
     * same sku and condition are one shelf movement, so they are added up into one event; the id names the sku and
     * the condition ({@code <case>:inventory.restock:<sku>:<condition>}), the same for every repeat.
     */
    public static List<StoreEvent> restocked(RefundCase c, Inspection inspection) {
        Map<String, Inspection.Line> restocked = new LinkedHashMap<>();
        for (Inspection.Line line : inspection.lines()) {
            if (line.disposition() != Inspection.Disposition.RESTOCK || line.received() < 1) {
                continue;
            }
            restocked.merge(
                    line.sku() + ":" + line.condition().wire(),
                    line,
                    (a, b) ->
                            new Inspection.Line(a.sku(), a.received() + b.received(), a.condition(), a.disposition()));
        }
        List<StoreEvent> events = new ArrayList<>();
        restocked.forEach((key, line) -> {
            String eventId = c.caseId() + ":" + StoreEvent.INVENTORY_RESTOCK + ":" + key;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("event_id", eventId);
            detail.put("case_id", c.caseId());
            detail.put("order_id", c.orderId());
            detail.put("sku", line.sku());
            detail.put("quantity", line.received());
            detail.put("condition", line.condition().wire());
            events.add(new StoreEvent(StoreEvent.INVENTORY_RESTOCK, eventId, detail));
        });
        return List.copyOf(events);
    }

    private static java.time.Instant arrival(RefundCase c, CaseStatus status) {
        java.time.Instant at = c.updatedAt();
        for (TimelineEvent e : c.timeline()) {
            if (e.to() == status && e.from() != status) {
                at = e.at();
            }
        }
        return at;
    }
}
