package com.refundpipeline.fuzz;

import java.util.regex.Pattern;

/** Contact details (email addresses, phone numbers) that must never reach a response or a log line. */
public final class ContactDetails {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private ContactDetails() {}

    /** Fails when {@code text} contains one of {@code known} (the customer's own) or anything shaped like one. */
    public static void assertNone(String where, String text, String... known) {
        if (text == null) {
            return;
        }
        for (String value : known) {
            if (value != null && !value.isEmpty() && text.contains(value)) {
                throw new AssertionError(where + " contains the contact detail " + value + ": " + text);
            }
        }
        // Masked forms (a***@example.com) are allowed; a clear address or number is not.
        var email = EMAIL.matcher(text);
        while (email.find()) {
            if (!email.group().contains("***")) {
                throw new AssertionError(where + " contains an email address " + email.group() + ": " + text);
            }
        }
        if (PHONE.matcher(text).find()) {
            throw new AssertionError(where + " contains a phone number: " + text);
        }
    }
}
