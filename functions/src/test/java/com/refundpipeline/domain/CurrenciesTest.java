package com.refundpipeline.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which currency codes a store can charge in, and how many minor digits each amount has. */
class CurrenciesTest {

    @ParameterizedTest(name = "{0} has {1} minor digits")
    @CsvSource({"USD, 2", "EUR, 2", "JPY, 0", "KRW, 0", "KWD, 3", "BHD, 3"})
    void aKnownCodeIsFoundWithItsMinorDigits(String code, int digits) {
        Optional<Currency> found = Currencies.find(code);
        assertEquals(code, found.orElseThrow().getCurrencyCode());
        assertEquals(digits, found.orElseThrow().getDefaultFractionDigits());
    }

    /** Lower case, unknown codes, and funds or metals (no minor units: no store charges in them) are not currencies. */
    @ParameterizedTest(name = "\"{0}\"")
    @NullSource
    @ValueSource(strings = {"usd", "XYZ", "XAU", "XTS", "XXX", "US", "USDX", " USD", ""})
    void anythingElseIsNoCurrency(String code) {
        assertEquals(Optional.empty(), Currencies.find(code));
    }
}
