package com.refundpipeline.returns;

import com.refundpipeline.domain.ReturnLabel;

/**
 * Return labels from a carrier-label API: one prepaid label for the parcel a customer sends back, with its carrier,
 * tracking code, printable URL and cost. Implementations: {@link SandboxCarrierLabels} for local runs and
 * {@link com.refundpipeline.returns.easypost.EasyPostCarrierLabels}.
 */
public interface CarrierLabels {

    /**
     * What a label is bought for. {@code shipmentReference} is the carrier's id of the shipment that delivered the
     * order (the storefront's {@code order.shipment_reference}), whose addresses and parcel the return reverses.
     */
    record LabelRequest(String caseId, String orderId, String shipmentReference) {}

    /**
     * Buys the return label.
     *
     * @throws CarrierException when no label was bought (retryable, or refused for good)
     */
    ReturnLabel buy(LabelRequest request);

    /** Why no label was bought: the carrier was busy or unreachable (retry), or refused the request for good. */
    class CarrierException extends RuntimeException {

        private final boolean retryable;

        public CarrierException(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        public CarrierException(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
