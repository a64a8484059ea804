package dev.orderflow.partners.psp;

import dev.orderflow.partners.psp.ApiKeySecurity.ApiKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Payment intents over REST ({@code contracts/openapi/psp.yaml}): create, retrieve, confirm, cancel. */
@RestController
@RequestMapping("/v1/payment_intents")
class PaymentIntentController {

    private final IntentDesk desk;

    PaymentIntentController(IntentDesk desk) {
        this.desk = desk;
    }

    record CreateRequest(
            @NotNull @Min(1) @Max(99_999_999) Long amount,
            @NotNull @Pattern(regexp = "[a-z]{3}", message = "must be an ISO 4217 code in lower case") String currency,
            @Size(max = 20) Map<@Size(max = 40) String, @NotNull @Size(max = 500) String> metadata,
            @Size(max = 500) String description) {}

    record ConfirmRequest(
            @NotNull
                    @Pattern(
                            regexp = "pm_card_visa|pm_card_chargeDeclined|pm_card_delayed|pm_card_visa_chaoticWebhooks",
                            message = "must be one of the test payment methods (see psp.yaml)")
                    String paymentMethod,
            @Size(max = 200) String clientSecret) {}

    @PostMapping
    ResponseEntity<IntentView> create(
            @RequestHeader(name = "Idempotency-Key", required = false)
                    @Pattern(regexp = "[\\x21-\\x7E]{1,255}", message = "must be 1-255 printable ASCII characters")
                    String key,
            @Valid @RequestBody CreateRequest request,
            ApiKey caller) {
        var metadata = request.metadata() == null ? Map.<String, String>of() : new TreeMap<>(request.metadata());
        var created = desk.create(
                caller.accountId(),
                new IntentDesk.NewIntent(request.amount(), request.currency(), metadata, request.description()),
                key);
        var response = ResponseEntity.ok();
        if (created.replayed()) {
            response.header("Idempotency-Replayed", "true");
        }
        return response.body(IntentView.of(created.intent(), true));
    }

    @GetMapping("/{id}")
    IntentView retrieve(@PathVariable String id, ApiKey caller) {
        return IntentView.of(desk.find(caller.accountId(), id), true);
    }

    @PostMapping("/{id}/confirm")
    IntentView confirm(@PathVariable String id, @Valid @RequestBody ConfirmRequest request, ApiKey caller) {
        var intent = desk.confirm(
                caller.accountId(), id, request.paymentMethod(), request.clientSecret(), caller.isSecret());
        return IntentView.of(intent, caller.isSecret() || request.clientSecret() != null);
    }

    @PostMapping("/{id}/cancel")
    IntentView cancel(@PathVariable String id, ApiKey caller) {
        return IntentView.of(desk.cancel(caller.accountId(), id), true);
    }
}
