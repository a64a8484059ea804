package dev.orderflow.orders;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** An amount in a currency's minor units (cents for EUR): no floating point anywhere near money. */
public record Money(long amountMinor, String currency) {

    public Money {
        if (amountMinor < 0) {
            throw new IllegalArgumentException("negative amount");
        }
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new MixedCurrenciesException(currency, other.currency);
        }
        return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
    }

    /** This less {@code other}, which may not be more than this. */
    public Money minus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new MixedCurrenciesException(currency, other.currency);
        }
        return new Money(Math.subtractExact(amountMinor, other.amountMinor), currency);
    }

    public boolean isGreaterThan(Money other) {
        if (!currency.equals(other.currency)) {
            throw new MixedCurrenciesException(currency, other.currency);
        }
        return amountMinor > other.amountMinor;
    }

    @JsonIgnore // not a property of the amount in the API
    public boolean isZero() {
        return amountMinor == 0;
    }

    public Money times(int quantity) {
        return new Money(Math.multiplyExact(amountMinor, quantity), currency);
    }

    /** One order is paid in one currency. */
    public static class MixedCurrenciesException extends RuntimeException {
        MixedCurrenciesException(String a, String b) {
            super("An order cannot mix " + a + " and " + b);
        }
    }
}
