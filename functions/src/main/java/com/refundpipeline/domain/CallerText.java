package com.refundpipeline.domain;

import java.util.regex.Pattern;

/**
 * Text that came from outside (a request body, a webhook event) as a refusal or a log line may repeat it: a plain
 * token (a SKU, an order id, a currency, a payout key) is shown; anything else (an address, a phone number, markup, a
 * line break) is not, so no response or log line repeats a contact detail sent in its place. make fuzz found three.
 */
public final class CallerText {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    private CallerText() {}

    public static boolean showable(String text) {
        return text != null && PLAIN.matcher(text).matches();
    }

    /** The text when it is a plain token, otherwise {@code ?}. */
    public static String shown(String text) {
        return showable(text) ? text : "?";
    }
}
