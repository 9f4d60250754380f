package com.refundpipeline.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The words of the API: every enum travels as its lower-case name, reads back from it, and an unknown word is
 * refused with the word in the message (never a default that would decide a refund on a typo).
 */
class WireNamesTest {

    @ParameterizedTest
    @EnumSource(PayoutMethod.class)
    void payoutMethods(PayoutMethod method) {
        assertWire(method, method.wire(), PayoutMethod::fromWire, PayoutMethod::parse);
    }

    @ParameterizedTest
    @EnumSource(RefundReason.class)
    void refundReasons(RefundReason reason) {
        assertWire(reason, reason.wire(), RefundReason::fromWire, RefundReason::parse);
    }

    @ParameterizedTest
    @EnumSource(ShipmentStatus.class)
    void shipmentStatuses(ShipmentStatus status) {
        assertWire(status, status.wire(), ShipmentStatus::fromWire, ShipmentStatus::parse);
    }

    @ParameterizedTest
    @EnumSource(ReturnShipping.class)
    void returnShipping(ReturnShipping shipping) {
        assertWire(shipping, shipping.wire(), ReturnShipping::fromWire, ReturnShipping::parse);
    }

    @ParameterizedTest
    @EnumSource(Resolution.class)
    void resolutions(Resolution resolution) {
        assertWire(resolution, resolution.wire(), Resolution::fromWire, Resolution::parse);
    }

    @ParameterizedTest
    @EnumSource(DeclineCode.class)
    void declineCodes(DeclineCode code) {
        assertWire(code, code.wire(), DeclineCode::fromWire, DeclineCode::parse);
        assertFalse(code.explanation().isBlank(), "the customer reads why");
    }

    @ParameterizedTest
    @EnumSource(Payout.Status.class)
    void payoutStatuses(Payout.Status status) {
        assertWire(status, status.wire(), Payout.Status::fromWire, w -> Optional.of(Payout.Status.fromWire(w)));
    }

    /** The value's wire word is its lower-case name, and both readers give the value back from it. */
    private static <E extends Enum<E>> void assertWire(
            E value, String wire, Function<String, E> fromWire, Function<String, Optional<E>> parse) {
        assertEquals(value.name().toLowerCase(Locale.ROOT), wire);
        assertEquals(value, fromWire.apply(wire));
        assertEquals(Optional.of(value), parse.apply(wire));
    }

    @Test
    void anUnknownWordIsRefusedNamingIt() {
        assertEquals(
                "unknown payout method: cash",
                assertThrows(IllegalArgumentException.class, () -> PayoutMethod.fromWire("cash"))
                        .getMessage());
        assertEquals(
                "unknown reason: broken",
                assertThrows(IllegalArgumentException.class, () -> RefundReason.fromWire("broken"))
                        .getMessage());
        assertEquals(
                "unknown shipment status: lost",
                assertThrows(IllegalArgumentException.class, () -> ShipmentStatus.fromWire("lost"))
                        .getMessage());
        assertEquals(
                "unknown return shipping: store",
                assertThrows(IllegalArgumentException.class, () -> ReturnShipping.fromWire("store"))
                        .getMessage());
        assertEquals(
                "unknown resolution: cash_back",
                assertThrows(IllegalArgumentException.class, () -> Resolution.fromWire("cash_back"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeclineCode.fromWire("too_late"));
        assertThrows(IllegalArgumentException.class, () -> Payout.Status.fromWire("lost"));
    }

    @Test
    void parsingIsExactAboutCaseAndUnknownWords() {
        assertEquals(Optional.empty(), PayoutMethod.parse("STORE_CREDIT"));
        assertEquals(Optional.empty(), RefundReason.parse("Damaged"));
        assertEquals(Optional.empty(), ShipmentStatus.parse("lost"));
        assertEquals(Optional.empty(), ReturnShipping.parse(null));
        assertEquals(Optional.empty(), Resolution.parse("cash_back"));
        assertEquals(Optional.empty(), DeclineCode.parse("OTHER"));
    }

    @Test
    void onlyMerchantFaultReasonsAskForPhotos() {
        EnumSet<RefundReason> merchantFault = EnumSet.of(
                RefundReason.DAMAGED,
                RefundReason.WRONG_ITEM,
                RefundReason.QUALITY_DEFECT,
                RefundReason.NOT_AS_DESCRIBED);
        for (RefundReason reason : RefundReason.values()) {
            assertEquals(merchantFault.contains(reason), reason.needsPhotoEvidence(), reason.wire());
        }
    }
}
