package dev.orderflow.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The management API: registration, idempotency, paging, ownership, updates, refusals. */
class EndpointApiTest extends WebhooksTestSupport {

    private static final String ACME = "partner-acme";

    @Test
    void registersAnEndpointShowsItsSecretOnceAndPingsIt() {
        JsonNode created = register(ACME, receiver.url(p("/created")), ",\"description\":\"warehouse\"");

        assertThat(created.path("id").asString()).startsWith("ep_");
        assertThat(created.path("secret").asString()).startsWith("whsec_");
        assertThat(created.path("enabled").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !bodiesOf(p("/created"), "ping").isEmpty());
        TestReceiver.Received ping = bodiesOf(p("/created"), "ping").getFirst();
        contract.assertWebhookPayload("ping", ping.body());
        assertThat(json.readTree(ping.body()).path("data").path("endpoint_id").asString())
                .isEqualTo(created.path("id").asString());

        Response read =
                call("GET", "/api/webhook-endpoints/" + created.path("id").asString(), token(ACME), null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).doesNotContain("whsec_");
    }

    @Test
    void repeatsTheFirstResponseForTheSameIdempotencyKeyAndRefusesAnotherBody() {
        String key = UUID.randomUUID().toString();
        String body = "{\"url\":\"" + receiver.url(p("/idem")) + "\"}";
        Response first = call("POST", "/api/webhook-endpoints", token(ACME), body, "Idempotency-Key", key);
        Response again = call("POST", "/api/webhook-endpoints", token(ACME), body, "Idempotency-Key", key);
        Response other = call(
                "POST",
                "/api/webhook-endpoints",
                token(ACME),
                "{\"url\":\"" + receiver.url(p("/other")) + "\"}",
                "Idempotency-Key",
                key);
        Response missing = call("POST", "/api/webhook-endpoints", token(ACME), body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().path("type").asString()).endsWith("/idempotency-key-reused");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("type").asString()).endsWith("/idempotency-key-missing");
        assertThat(endpointCount()).isEqualTo(1);
    }

    @Test
    void listsOnlyTheCallersEndpointsPageByPage() {
        for (int i = 0; i < 3; i++) {
            register(ACME, receiver.url(p("/page-") + i), "");
        }
        register("partner-other", receiver.url(p("/theirs")), "");

        Response first = call("GET", "/api/webhook-endpoints?limit=2", token(ACME), null);
        String cursor = first.json().path("next_cursor").asString();
        Response second = call("GET", "/api/webhook-endpoints?limit=2&cursor=" + cursor, token(ACME), null);
        Response bad = call("GET", "/api/webhook-endpoints?cursor=nonsense", token(ACME), null);

        assertThat(first.json().path("data")).hasSize(2);
        assertThat(second.json().path("data")).hasSize(1);
        assertThat(second.json().path("next_cursor").isNull()).isTrue();
        assertThat(second.body()).doesNotContain("/theirs");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("type").asString()).endsWith("/invalid-cursor");
    }

    @Test
    void anotherPartnersEndpointIsNotFoundAndUntouched() {
        String id = register("partner-other", receiver.url(p("/theirs")), "")
                .path("id")
                .asString();

        assertThat(call("GET", "/api/webhook-endpoints/" + id, token(ACME), null)
                        .status())
                .isEqualTo(404);
        assertThat(call("DELETE", "/api/webhook-endpoints/" + id, token(ACME), null)
                        .status())
                .isEqualTo(404);
        assertThat(call("POST", "/api/webhook-endpoints/" + id + "/disable", token(ACME), null)
                        .status())
                .isEqualTo(404);
        assertThat(call("GET", "/api/webhook-endpoints/" + id, token("partner-other"), null)
                        .json()
                        .path("enabled")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void refusesCustomersTokensWithoutTheScopeAndNoToken() {
        String customer = tokens.sign(tokens.claims(
                "alice", "storefront", "alice", "orderflow-webhooks", Duration.ofMinutes(5), "webhooks:manage"));
        String noScope = tokens.sign(
                tokens.claims(ACME, ACME, null, "orderflow-webhooks", Duration.ofMinutes(5), "orders:read"));
        String otherAudience = tokens.partner(ACME, "webhooks:manage");

        assertThat(call("GET", "/api/webhook-endpoints", customer, null).status())
                .isEqualTo(403);
        assertThat(call("GET", "/api/webhook-endpoints", noScope, null).status())
                .isEqualTo(403);
        assertThat(call("GET", "/api/webhook-endpoints", otherAudience, null).status())
                .isEqualTo(401);
        assertThat(call("GET", "/api/webhook-endpoints", null, null).status()).isEqualTo(401);
    }

    @Test
    void refusesInvalidInputAndChangesNothing() {
        String id = register(ACME, receiver.url(p("/valid")), "").path("id").asString();
        names.map("intranet.test", "10.1.2.3");

        Response plainHttp = create("{\"url\":\"http://merchant.example.com/hook\"}");
        Response privateHost = create("{\"url\":\"https://intranet.test/hook\"}");
        Response unknownType =
                create("{\"url\":\"" + receiver.url(p("/x")) + "\",\"event_types\":[\"order.teleported\"]}");
        Response repeatedType =
                create("{\"url\":\"" + receiver.url(p("/x")) + "\",\"event_types\":[\"order.paid\",\"order.paid\"]}");
        Response badScheme = create("{\"url\":\"" + receiver.url(p("/x")) + "\",\"signature_scheme\":\"v2\"}");
        Response noUrl = create("{\"description\":\"no url\"}");
        Response unknownMember =
                call("PATCH", "/api/webhook-endpoints/" + id, token(ACME), "{\"event_type\":[\"order.paid\"]}");
        Response unsafeUpdate =
                call("PATCH", "/api/webhook-endpoints/" + id, token(ACME), "{\"url\":\"https://intranet.test/\"}");

        assertThat(plainHttp.status()).isEqualTo(400);
        assertThat(plainHttp.json().path("type").asString()).endsWith("/unsafe-url");
        assertThat(privateHost.status()).isEqualTo(400);
        assertThat(privateHost.json().path("detail").asString()).contains("10.1.2.3", "private");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(repeatedType.status()).isEqualTo(400);
        assertThat(badScheme.status()).isEqualTo(400);
        assertThat(noUrl.status()).isEqualTo(400);
        assertThat(unknownMember.status()).isEqualTo(400);
        assertThat(unsafeUpdate.status()).isEqualTo(400);
        assertThat(endpointCount()).isEqualTo(1);
        assertThat(call("GET", "/api/webhook-endpoints/" + id, token(ACME), null)
                        .json()
                        .path("url")
                        .asString())
                .isEqualTo(receiver.url(p("/valid")));
    }

    @Test
    void updatesDisablesEnablesAndDeletes() {
        String id = register(ACME, receiver.url(p("/lifecycle")), "").path("id").asString();

        Response updated = call(
                "PATCH",
                "/api/webhook-endpoints/" + id,
                token(ACME),
                "{\"event_types\":[\"order.paid\"],\"description\":\"paid only\"}");
        Response disabled = call("POST", "/api/webhook-endpoints/" + id + "/disable", token(ACME), null);
        Response pingWhileDisabled = call("POST", "/api/webhook-endpoints/" + id + "/ping", token(ACME), null);
        Response enabled = call("POST", "/api/webhook-endpoints/" + id + "/enable", token(ACME), null);
        Response cleared = call("PATCH", "/api/webhook-endpoints/" + id, token(ACME), "{\"event_types\":null}");
        Response deleted = call("DELETE", "/api/webhook-endpoints/" + id, token(ACME), null);

        assertThat(updated.json().path("event_types").get(0).asString()).isEqualTo("order.paid");
        assertThat(updated.json().path("description").asString()).isEqualTo("paid only");
        assertThat(disabled.json().path("disabled_reason").asString()).isEqualTo("manual");
        assertThat(pingWhileDisabled.status()).isEqualTo(409);
        assertThat(enabled.json().path("enabled").asBoolean()).isTrue();
        assertThat(enabled.json().path("disabled_reason").isNull()).isTrue();
        assertThat(cleared.json().path("event_types").isNull()).isTrue();
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(call("GET", "/api/webhook-endpoints/" + id, token(ACME), null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void publishesTheEd25519KeysAsAJwks() {
        Response jwks = call("GET", "/.well-known/jwks.json", null, null);

        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.header("Cache-Control")).contains("max-age=3600");
        assertThat(jwks.json().path("keys").size()).isGreaterThanOrEqualTo(2); // and retired ones, for a day
        assertThat(jwks.json().path("keys").get(0).path("status").asString()).isEqualTo("current");
        assertThat(jwks.json().path("keys").get(1).path("status").asString()).isEqualTo("next");
    }

    private Response create(String body) {
        return call(
                "POST",
                "/api/webhook-endpoints",
                token(ACME),
                body,
                "Idempotency-Key",
                UUID.randomUUID().toString());
    }

    private int endpointCount() {
        return jdbc.sql("SELECT COUNT(*) FROM endpoints").query(Integer.class).single();
    }
}
