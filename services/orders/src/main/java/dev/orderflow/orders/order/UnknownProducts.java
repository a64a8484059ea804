package dev.orderflow.orders.order;

import dev.orderflow.defaults.Problems.FieldViolation;
import java.util.List;

/** Items naming SKUs the catalog does not have. */
class UnknownProducts extends RuntimeException {

    private final List<FieldViolation> errors;

    UnknownProducts(List<FieldViolation> errors) {
        super(
                errors.size() == 1
                        ? "1 item names a product that does not exist."
                        : errors.size() + " items name products that do not exist.");
        this.errors = List.copyOf(errors);
    }

    List<FieldViolation> errors() {
        return errors;
    }
}
