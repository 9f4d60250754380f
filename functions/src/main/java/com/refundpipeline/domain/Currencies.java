package com.refundpipeline.domain;

import java.util.Currency;
import java.util.Optional;

/** ISO 4217 currencies as the JDK knows them; amounts are always in the currency's minor units. */
public final class Currencies {

    private Currencies() {}

    public static Optional<Currency> find(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return Optional.empty();
        }
        try {
            Currency currency = Currency.getInstance(code);
            // Funds and precious-metal codes (XAU, XTS...) have no minor units: no store charges in them.
            return currency.getDefaultFractionDigits() < 0 ? Optional.empty() : Optional.of(currency);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
