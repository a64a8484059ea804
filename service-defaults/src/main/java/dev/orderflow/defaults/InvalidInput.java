package dev.orderflow.defaults;

import dev.orderflow.defaults.Problems.FieldViolation;
import java.util.List;

/**
 * Input that is well-formed but breaks a rule only the domain knows (a duplicated SKU, a field
 * required in one case): a 400 {@code validation-failed} problem naming each field, the same
 * answer Bean Validation gives.
 */
public class InvalidInput extends RuntimeException {

    private final List<FieldViolation> errors;

    public InvalidInput(List<FieldViolation> errors) {
        super(errors.size() + " invalid field(s)");
        this.errors = List.copyOf(errors);
    }

    public InvalidInput(String field, String message) {
        this(List.of(new FieldViolation(field, message)));
    }

    public List<FieldViolation> errors() {
        return errors;
    }
}
