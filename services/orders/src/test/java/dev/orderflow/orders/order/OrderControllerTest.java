package dev.orderflow.orders.order;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.defaults.ServiceDefaultsAutoConfiguration;
import dev.orderflow.defaults.security.Caller;
import dev.orderflow.orders.Money;
import dev.orderflow.orders.fulfilment.DependencyUnavailable;
import dev.orderflow.orders.idempotency.IdempotencyKeys;
import dev.orderflow.orders.idempotency.IdempotencyKeys.Claim;
import dev.orderflow.orders.idempotency.IdempotencyKeys.StoredResponse;
import dev.orderflow.orders.idempotency.IdempotentRequests;
import dev.orderflow.orders.order.Order.IllegalTransitionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The orders controller alone, its collaborators mocked: HTTP in, domain call, HTTP out, and each
 * domain failure as its documented problem. (The whole service is exercised by the random-port
 * tests; this is the fast, narrow view.)
 */
@WebMvcTest(OrderController.class)
@Import(IdempotentRequests.class)
@ImportAutoConfiguration(ServiceDefaultsAutoConfiguration.class)
class OrderControllerTest {

    private static final String BODY =
            """
            {"customer_id": "alice", "items": [{"sku": "ACC-001", "quantity": 2}],
             "shipping_address": {"name": "Alice", "line1": "1 Market St", "city": "Lyon",
                                  "postal_code": "69001", "country": "FR"}}""";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    OrderDesk desk;

    @MockitoBean
    OrderPages pages;

    @MockitoBean
    IdempotencyKeys keys;

    @Test
    void placesAnOrderAndAnswers201WithItsLocationAndETag() throws Exception {
        Order order = anOrder();
        given(keys.claim(eq("partner-acme"), eq("key-1"), any())).willReturn(new Claim.Granted());
        willAnswer(call -> {
                    call.<Consumer<Order>>getArgument(2).accept(order); // the desk's transaction
                    return order;
                })
                .given(desk)
                .place(any(Caller.class), any(PlaceOrderRequest.class), any());

        mvc.perform(post("/api/orders")
                        .with(partner())
                        .with(csrf())
                        .header("Idempotency-Key", "key-1")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(BODY))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/orders/" + order.id()))
                .andExpect(header().string("ETag", "\"1\""))
                .andExpect(jsonPath("$.id").value(order.id().toString()))
                .andExpect(jsonPath("$.status").value("AWAITING_PAYMENT"));
        verify(keys).complete(eq("partner-acme"), eq("key-1"), any(StoredResponse.class));
    }

    @Test
    void replaysTheRecordedResponseWithoutPlacingAgain() throws Exception {
        given(keys.claim(eq("partner-acme"), eq("key-2"), any()))
                .willReturn(new Claim.Replay(new StoredResponse(201, "{\"id\":\"x\"}", "/api/orders/x", "\"1\"")));

        mvc.perform(post("/api/orders")
                        .with(partner())
                        .with(csrf())
                        .header("Idempotency-Key", "key-2")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(BODY))
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotency-Replayed", "true"))
                .andExpect(jsonPath("$.id").value("x"));
        verify(desk, never()).place(any(), any(), any());
    }

    @Test
    void requiresAnIdempotencyKey() throws Exception {
        mvc.perform(post("/api/orders")
                        .with(partner())
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(BODY))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://orderflow.dev/problems/idempotency-key-missing"));
        verify(desk, never()).place(any(), any(), any());
    }

    @Test
    void answersADependencyOutageWith503AndRetryAfter() throws Exception {
        given(keys.claim(any(), any(), any())).willReturn(new Claim.Granted());
        given(desk.place(any(), any(), any()))
                .willThrow(new DependencyUnavailable("inventory", Duration.ofMillis(2500), null));

        mvc.perform(post("/api/orders")
                        .with(partner())
                        .with(csrf())
                        .header("Idempotency-Key", "key-3")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(BODY))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "3"))
                .andExpect(jsonPath("$.type").value("https://orderflow.dev/problems/dependency-unavailable"));
        verify(keys).release(any(), eq("key-3")); // nothing stored: the key is free again
    }

    @Test
    void readsAnOrderWithItsETagAndAnswers304WhenItIsUnchanged() throws Exception {
        Order order = anOrder();
        given(desk.visible(any(), eq(order.id()))).willReturn(order);

        mvc.perform(get("/api/orders/" + order.id()).with(partner()))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"1\""))
                .andExpect(header().string("Cache-Control", containsString("private")));
        mvc.perform(get("/api/orders/" + order.id()).with(partner()).header("If-None-Match", "\"1\""))
                .andExpect(status().isNotModified());
    }

    @Test
    void answersEachDomainFailureWithItsProblem() throws Exception {
        UUID id = UUID.randomUUID();
        given(desk.visible(any(), eq(id))).willThrow(new OrderNotFound(id));
        given(desk.cancel(any(), eq(id), eq("\"1\""))).willThrow(new OrderChangedSinceRead("\"2\"", "\"1\""));
        given(desk.cancel(any(), eq(id), eq("\"2\"")))
                .willThrow(new IllegalTransitionException(id, OrderStatus.CANCELLED, "cancelled"));

        mvc.perform(get("/api/orders/" + id).with(partner()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://orderflow.dev/problems/not-found"))
                .andExpect(jsonPath("$.correlation_id").exists());
        mvc.perform(post("/api/orders/" + id + "/cancel")
                        .with(partner())
                        .with(csrf())
                        .header("If-Match", "\"1\""))
                .andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.type").value("https://orderflow.dev/problems/precondition-failed"));
        mvc.perform(post("/api/orders/" + id + "/cancel")
                        .with(partner())
                        .with(csrf())
                        .header("If-Match", "\"2\""))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://orderflow.dev/problems/order-state-conflict"));
    }

    @Test
    void linksTheNextPageWithItsCursor() throws Exception {
        given(pages.page(any(), any(), eq(null), eq(1)))
                .willReturn(new OrderPages.Page(List.of(anOrder()), "next-cursor"));

        mvc.perform(get("/api/orders?limit=1").with(partner()))
                .andExpect(status().isOk())
                .andExpect(header().string("Link", containsString("cursor=next-cursor>; rel=\"next\"")))
                .andExpect(jsonPath("$.next_cursor").value("next-cursor"))
                .andExpect(jsonPath("$.items.length()").value(1));
    }

    @Test
    void capsThePageSize() throws Exception {
        mvc.perform(get("/api/orders?limit=101").with(partner()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("limit"));
        verify(pages, never()).page(any(), any(), any(), anyInt());
    }

    private static RequestPostProcessor partner() {
        return jwt().jwt(token -> token.subject("partner-acme").claim("client_id", "partner-acme"));
    }

    private static Order anOrder() {
        return Order.place(
                UUID.randomUUID(),
                "alice",
                List.of(new OrderLine("ACC-001", "Cable", 2, new Money(1250, "EUR"))),
                new Address("Alice", "1 Market St", null, "Lyon", "69001", "FR"),
                new Order.Fulfilment("r-1", new Money(490, "EUR"), 2, Instant.parse("2026-12-04T10:00:00Z")),
                Instant.parse("2026-12-02T10:00:00Z"));
    }
}
