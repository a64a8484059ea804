package dev.orderflow.orders.order;

import dev.orderflow.defaults.security.Caller;
import dev.orderflow.orders.idempotency.IdempotencyKeys.StoredResponse;
import dev.orderflow.orders.idempotency.IdempotentRequests;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** An order's refunds over HTTP: request (idempotently, answered 202), list, read. */
@RestController
@RequestMapping("/api/orders/{id}/refunds")
class RefundController {

    private final RefundDesk desk;
    private final IdempotentRequests idempotency;
    private final JsonMapper json;

    RefundController(RefundDesk desk, IdempotentRequests idempotency, JsonMapper json) {
        this.desk = desk;
        this.idempotency = idempotency;
        this.json = json;
    }

    /** What a key's fingerprint covers: the same body for another order is another request. */
    record Fingerprinted(UUID orderId, RefundRequest request) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> request(
            @PathVariable UUID id,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @Valid @RequestBody RefundRequest request,
            @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token);
        return idempotency.execute(
                caller.scope(),
                key,
                new Fingerprinted(id, request),
                recorder -> desk.request(
                        caller, id, request.money(), request.reason(), refund -> recorder.record(accepted(refund))));
    }

    @GetMapping
    RefundView.Page list(@PathVariable UUID id, @AuthenticationPrincipal Jwt token) {
        return new RefundView.Page(
                desk.of(Caller.of(token), id).stream().map(RefundView::of).toList());
    }

    @GetMapping("/{refundId}")
    RefundView get(@PathVariable UUID id, @PathVariable UUID refundId, @AuthenticationPrincipal Jwt token) {
        return RefundView.of(desk.one(Caller.of(token), id, refundId));
    }

    /** The 202 recorded for the key, and replayed byte for byte on a repeat. */
    private StoredResponse accepted(Refund refund) {
        return new StoredResponse(
                202,
                json.writeValueAsString(RefundView.of(refund)),
                "/api/orders/" + refund.orderId() + "/refunds/" + refund.id(),
                null);
    }
}
