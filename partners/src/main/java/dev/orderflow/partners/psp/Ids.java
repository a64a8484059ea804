package dev.orderflow.partners.psp;

import java.security.SecureRandom;
import org.springframework.stereotype.Component;

/** Stripe-shaped identifiers: a type prefix and 24 random alphanumerics (about 143 bits). */
@Component
class Ids {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private final SecureRandom random = new SecureRandom();

    String intent() {
        return "pi_" + random(24);
    }

    String event() {
        return "evt_" + random(24);
    }

    /** The intent's client secret: its id, then a secret part (what a browser gets to confirm). */
    String clientSecret(String intentId) {
        return intentId + "_secret_" + random(24);
    }

    private String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
