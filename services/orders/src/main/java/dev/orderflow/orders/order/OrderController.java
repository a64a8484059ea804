package dev.orderflow.orders.order;

import dev.orderflow.orders.Caller;
import dev.orderflow.orders.idempotency.IdempotencyKeys;
import dev.orderflow.orders.idempotency.IdempotencyKeys.Claim;
import dev.orderflow.orders.idempotency.IdempotencyKeys.StoredResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
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

/** The orders resource: place (idempotently), list (by cursor), read (with ETags), cancel. */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final OrderDesk desk;
    private final Orders orders;
    private final IdempotencyKeys idempotencyKeys;
    private final OrderCursor cursors;
    private final JsonMapper json;

    OrderController(
            OrderDesk desk, Orders orders, IdempotencyKeys idempotencyKeys, OrderCursor cursors, JsonMapper json) {
        this.desk = desk;
        this.orders = orders;
        this.idempotencyKeys = idempotencyKeys;
        this.cursors = cursors;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> place(
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @Valid @RequestBody PlaceOrderRequest request,
            @AuthenticationPrincipal Jwt token) {
        if (key == null || !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw OrderProblems.idempotencyKeyMissing();
        }
        Caller caller = Caller.of(token);
        Claim claim = idempotencyKeys.claim(caller.scope(), key, fingerprint(request));
        return switch (claim) {
            case Claim.Replay replay -> respond(replay.response(), true);
            case Claim.InFlight inFlight -> throw OrderProblems.requestInFlight();
            case Claim.Mismatch mismatch -> throw OrderProblems.idempotencyKeyReused();
            case Claim.Granted granted -> {
                try {
                    yield respond(desk.place(caller, request, key), false);
                } catch (RuntimeException failed) {
                    // Nothing was stored (the transaction rolled back): free the key for a corrected retry.
                    idempotencyKeys.release(caller.scope(), key);
                    throw failed;
                }
            }
        };
    }

    @GetMapping
    ResponseEntity<OrderView.Page> list(
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @Size(max = 512) String cursor,
            @RequestParam(name = "status", required = false) List<OrderStatus> statuses,
            @RequestParam(name = "created_after", required = false) Instant createdAfter,
            @RequestParam(name = "created_before", required = false) Instant createdBefore,
            @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token);
        var query =
                new OrderQuery(caller.isCustomer() ? caller.customerId() : null, statuses, createdAfter, createdBefore);
        var after = cursor == null ? null : cursors.decode(cursor, caller.scope(), query);
        List<Order> page = orders.page(query, after, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            Order last = page.getLast();
            next = cursors.encode(new OrderCursor.Position(last.createdAt(), last.id()), caller.scope(), query);
        }
        var response = ResponseEntity.ok();
        if (next != null) {
            String uri = ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("cursor", next)
                    .build()
                    .toUriString();
            response.header(HttpHeaders.LINK, "<" + uri + ">; rel=\"next\""); // RFC 8288
        }
        return response.body(new OrderView.Page(page.stream().map(OrderView::of).toList(), next));
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

    private static ResponseEntity<String> respond(StoredResponse stored, boolean replayed) {
        var response = ResponseEntity.status(stored.status())
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.LOCATION, stored.location())
                .eTag(stored.etag());
        if (replayed) {
            response.header("Idempotency-Replayed", "true");
        }
        return response.body(stored.body());
    }

    /** SHA-256 of the request as parsed, so key order, whitespace and ignored fields do not count. */
    private String fingerprint(PlaceOrderRequest request) {
        try {
            byte[] canonical = json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
