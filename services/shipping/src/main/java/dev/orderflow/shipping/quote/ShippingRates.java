package dev.orderflow.shipping.quote;

import java.util.Set;

/**
 * The documented, deterministic rules of shipping.proto's QuoteShipping: a zone price plus 50 cents
 * per started kilogram beyond the first, at 500 g per unit.
 */
public final class ShippingRates {

    static final Set<String> EU = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
            "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");
    static final int GRAMS_PER_UNIT = 500;
    static final int CENTS_PER_EXTRA_KG = 50;

    public enum Zone {
        DOMESTIC("domestic", 490, 2),
        EU("eu", 990, 4),
        WORLD("world", 2490, 8);

        public final String label;
        public final long baseCents;
        public final int etaDays;

        Zone(String label, long baseCents, int etaDays) {
            this.label = label;
            this.baseCents = baseCents;
            this.etaDays = etaDays;
        }
    }

    public record Quote(Zone zone, long priceCents, int etaDays) {}

    private ShippingRates() {}

    public static Quote quote(String country, long units) {
        Zone zone = country.equals("FR") ? Zone.DOMESTIC : EU.contains(country) ? Zone.EU : Zone.WORLD;
        long grams = units * GRAMS_PER_UNIT;
        long startedKilograms = (grams + 999) / 1000;
        long price = zone.baseCents + Math.max(0, startedKilograms - 1) * CENTS_PER_EXTRA_KG;
        return new Quote(zone, price, zone.etaDays);
    }
}
