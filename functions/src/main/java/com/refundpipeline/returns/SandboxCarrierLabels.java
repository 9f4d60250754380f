package com.refundpipeline.returns;

import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.ReturnLabel;
import java.util.Locale;

/**
 * The local stack's carrier: issues a label at once, deterministic per case (the same case gets the same tracking
 * code), costing 7.50 USD. A demo moves the parcel by sending the carrier webhook a tracking event for the code.
 */
public class SandboxCarrierLabels implements CarrierLabels {

    public static final String CARRIER = "SandboxPost";
    static final long COST = 750;

    private final String labelBase;

    public SandboxCarrierLabels(String labelBase) {
        this.labelBase = labelBase.endsWith("/") ? labelBase : labelBase + "/";
    }

    @Override
    public ReturnLabel buy(LabelRequest request) {
        String tracking = "SBX"
                + RefundCase.sha256("return-label:" + request.caseId())
                        .substring(0, 16)
                        .toUpperCase(Locale.ROOT);
        return new ReturnLabel(CARRIER, tracking, labelBase + tracking + ".pdf", COST, "USD");
    }
}
