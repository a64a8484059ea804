package dev.orderflow.orders.order;

import dev.orderflow.defaults.InvalidInput;
import dev.orderflow.defaults.security.Caller;
import dev.orderflow.orders.idempotency.IdempotencyKeys.StoredResponse;
import dev.orderflow.orders.idempotency.IdempotentRequests;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orders resource over HTTP: place (idempotently), list (by cursor), read (with ETags), cancel.
 * It translates HTTP to the domain and back, nothing more; failures are domain exceptions that
 * {@link OrderExceptionHandler} turns into problems.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    private final OrderDesk desk;
    private final OrderPages pages;
    private final IdempotentRequests idempotency;
    private final JsonMapper json;

    OrderController(OrderDesk desk, OrderPages pages, IdempotentRequests idempotency, JsonMapper json) {
        this.desk = desk;
        this.pages = pages;
        this.idempotency = idempotency;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> place(
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @Valid @RequestBody PlaceOrderRequest request,
            @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token);
        return idempotency.execute(
                caller.scope(),
                key,
                request,
                recorder -> desk.place(caller, request, order -> recorder.record(created(order))));
    }

    @GetMapping
    ResponseEntity<OrderView.Page> list(
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @Size(max = 512) String cursor,
            @RequestParam(name = "status", required = false) List<OrderStatus> statuses,
            @RequestParam(name = "created_after", required = false) Instant createdAfter,
            @RequestParam(name = "created_before", required = false) Instant createdBefore,
            @AuthenticationPrincipal Jwt token) {
        if (statuses != null && statuses.contains(null)) {
            // An empty value converts to no status at all (Spring's enum conversion): a caller's mistake.
            throw new InvalidInput("status", "must be one of " + java.util.Arrays.toString(OrderStatus.values()));
        }
        var page = pages.page(
                Caller.of(token), new OrderQuery(null, statuses, createdAfter, createdBefore), cursor, limit);
        var response = ResponseEntity.ok();
        if (page.nextCursor() != null) {
            String next = ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("cursor", page.nextCursor())
                    .build()
                    .toUriString();
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\""); // RFC 8288
        }
        return response.body(
                new OrderView.Page(page.orders().stream().map(OrderView::of).toList(), page.nextCursor()));
    }

    @GetMapping("/{id}")
    ResponseEntity<OrderView> get(@PathVariable UUID id, @AuthenticationPrincipal Jwt token, WebRequest request) {
        Order order = desk.visible(Caller.of(token), id);
        if (request.checkNotModified(order.etag())) {
            return null; // 304 with the ETag, written by checkNotModified (RFC 9110 §13.1.2)
        }
        // Private data: caches may keep it only for this user and must revalidate (RFC 9111 §5.2.2).
        return ResponseEntity.ok()
                .eTag(order.etag())
                .cacheControl(CacheControl.noCache().cachePrivate())
                .body(OrderView.of(order));
    }

    @PostMapping("/{id}/cancel")
    ResponseEntity<OrderView> cancel(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal Jwt token) {
        Order order = desk.cancel(Caller.of(token), id, ifMatch);
        return ResponseEntity.ok().eTag(order.etag()).body(OrderView.of(order));
    }

    /** The 201 recorded for the key, and replayed byte for byte on a repeat. */
    private StoredResponse created(Order order) {
        return new StoredResponse(
                201, json.writeValueAsString(OrderView.of(order)), "/api/orders/" + order.id(), order.etag());
    }
}
