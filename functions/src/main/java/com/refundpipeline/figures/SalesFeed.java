package com.refundpipeline.figures;

import com.refundpipeline.domain.Refusal;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.store.FiguresStore;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The store's optional daily sales per SKU ({@code POST /sales} on submit-refund), so the figures can give refund
 * rates. Sending a day again replaces that day's units for the SKUs sent (a corrected report is not added twice).
 */
@ApplicationScoped
public class SalesFeed {

    static final int MAX_LINES = 500;
    private static final Pattern SKU = Pattern.compile("[\\x21-\\x7E&&[^#]]{1,64}");

    @RegisterForReflection
    public record SalesBody(String day, List<Line> lines) {
        @RegisterForReflection
        public record Line(String sku, Long unitsSold) {}
    }

    private final FiguresStore figures;
    private final RefundPolicy policy;

    public SalesFeed(FiguresStore figures, RefundPolicy policy) {
        this.figures = figures;
        this.policy = policy;
    }

    public Map<String, Object> record(SalesBody body) {
        if (body.day() == null) {
            throw Refusal.malformed("parameter_missing", "day is required (YYYY-MM-DD)", "day");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(body.day());
        } catch (DateTimeParseException e) {
            throw Refusal.rule("parameter_invalid", "day must be a date as YYYY-MM-DD", "day");
        }
        if (body.lines() == null || body.lines().isEmpty()) {
            throw Refusal.malformed("parameter_missing", "lines is required: [{sku, units_sold}, ...]", "lines");
        }
        if (body.lines().size() > MAX_LINES) {
            throw Refusal.rule("parameter_invalid", "at most " + MAX_LINES + " lines at once", "lines");
        }
        for (int i = 0; i < body.lines().size(); i++) {
            SalesBody.Line line = body.lines().get(i);
            if (line == null || line.sku() == null || !SKU.matcher(line.sku()).matches()) {
                throw Refusal.rule(
                        "parameter_invalid",
                        "sku must be 1 to 64 printable characters without '#'",
                        "lines[" + i + "].sku");
            }
            if (line.unitsSold() == null || line.unitsSold() < 0) {
                throw Refusal.rule(
                        "parameter_invalid",
                        "units_sold must be a whole number, 0 or more",
                        "lines[" + i + "].units_sold");
            }
        }
        String store = policy.document().store();
        body.lines().forEach(l -> figures.recordSales(store, day.toString(), l.sku(), l.unitsSold()));
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("store", store);
        receipt.put("day", day.toString());
        receipt.put("skus", body.lines().size());
        return receipt;
    }
}
