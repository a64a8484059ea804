package dev.orderflow.orders.order;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;

public record Address(
        @NotBlank @CodePointLength(max = 100) String name,
        @NotBlank @CodePointLength(max = 200) String line1,
        @CodePointLength(max = 200) String line2,
        @NotBlank @CodePointLength(max = 100) String city,
        @NotBlank @CodePointLength(max = 20) String postalCode,
        @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country) {}
