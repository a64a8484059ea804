package dev.orderflow.orders.order;

import dev.orderflow.orders.Money;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;

/** What a partner may say when asking for a refund; without an amount, everything still refundable. */
record RefundRequest(@Valid Amount amount, @CodePointLength(min = 1, max = 500) String reason) {

    /** At most what the bank takes in one refund (bank-types.xsd, AmountMinor). */
    record Amount(
            @NotNull @Min(1) @Max(99_999_999) Long amountMinor,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency) {

        Money money() {
            return new Money(amountMinor, currency);
        }
    }

    Money money() {
        return amount == null ? null : amount.money();
    }
}
