package dev.orderflow.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.orderflow.testing.BrowserSession;
import dev.orderflow.testing.OpenApiContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The edge against the real identity (its jar, in a JVM of its own) and a recording stand-in for
 * the services behind it: the whole sign-in (authorization code + PKCE, handled on the server), what
 * the browser gets (a session cookie, never a token), what the services get (the person's token,
 * never the browser's cookies), CSRF on writes, expiry, security headers and error pages.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class EdgeTest {

    private static final int EDGE_PORT = freePort();
    private static final Path data = temporaryFolder();
    private static final Backend backend = backend();
    private static final IdentityProcess identity = identity();
    private static final int UNREACHABLE = freePort();

    @Autowired
    ServletWebServerApplicationContext context;

    private final OpenApiContract contract = OpenApiContract.edge();
    private BrowserSession browser;

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> EDGE_PORT);
        registry.add("orderflow.edge.identity.issuer", () -> identity.issuer().toString());
        registry.add("orderflow.edge.client-secret", () -> "orderflow-edge-secret");
        registry.add("orderflow.edge.psp-publishable-key", () -> "pk_test_edge_test");
        String stub = "http://127.0.0.1:" + backend.port();
        registry.add("orderflow.edge.orders", () -> stub);
        registry.add("orderflow.edge.notifications", () -> stub);
        registry.add("orderflow.edge.psp", () -> stub);
        registry.add("orderflow.edge.analytics", () -> "http://127.0.0.1:" + UNREACHABLE);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        identity.close();
        backend.close();
    }

    @BeforeEach
    void newBrowser() {
        browser = new BrowserSession(URI.create("http://localhost:" + EDGE_PORT));
    }

    @Test
    void signsInWithTheCodeFlowAndPkceOnTheServerAndTheBrowserGetsOnlyAnHttpOnlySessionCookie() throws Exception {
        var nobody = browser.get("/bff/me");
        conforms("GET", "/bff/me", nobody);
        assertThat(nobody.body()).isEqualTo("{\"signed_in\":false}");
        var start = browser.get("/oauth2/authorization/orderflow-edge");
        conforms("GET", "/oauth2/authorization/orderflow-edge", start);
        String authorize = start.headers().firstValue("Location").orElseThrow();
        assertThat(authorize)
                .startsWith(identity.issuer() + "/oauth2/authorize?")
                .contains("client_id=orderflow-edge", "code_challenge=", "code_challenge_method=S256");

        var landed = browser.signIn(identity.issuer(), "alice", "alice-password");

        conforms("GET", "/login/oauth2/code/orderflow-edge", landed);
        String session = landed.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("ORDERFLOW_SESSION="))
                .findFirst()
                .orElseThrow();
        assertThat(session).contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure");
        var home = browser.get("/");
        assertThat(home.body()).contains("alice").contains("Sign out");
        var me = browser.get("/bff/me");
        conforms("GET", "/bff/me", me);
        assertThat(me.body()).contains("\"signed_in\":true", "\"name\":\"alice\"", "orders:read");

        browser.get("/api/orders");
        assertThat(browser.everything())
                .as("no token in any response a script could read (status line, headers, body)")
                .doesNotContain("eyJ")
                .doesNotContain("access_token")
                .doesNotContain("refresh_token");
        assertThat(browser.cookies()).extracting(HttpCookie::getName).doesNotContain("access_token");
    }

    @Test
    void relaysWithThePersonsTokenAndWithoutTheBrowsersCookies() throws Exception {
        browser.signIn(identity.issuer(), "alice", "alice-password");

        var orders = browser.get("/api/orders?limit=5");

        assertThat(orders.statusCode()).isEqualTo(200);
        var relayed = backend.last();
        assertThat(relayed.path()).isEqualTo("/api/orders");
        assertThat(relayed.header("Cookie")).isNull();
        String bearer = relayed.header("Authorization");
        assertThat(bearer).startsWith("Bearer ");
        var claims = SignedJWT.parse(bearer.substring(7)).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("customer_id")).isEqualTo("alice");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("orderflow-edge");
        assertThat(claims.getStringListClaim("scope")).doesNotContain("orders:refund", "analytics:read");
    }

    @Test
    void aWriteNeedsTheCsrfTokenAndABrowsersOwnAuthorizationHeaderIsNotRelayed() throws Exception {
        browser.signIn(identity.issuer(), "alice", "alice-password");
        browser.get("/");
        int before = backend.received.size();

        var withoutToken = browser.send("POST", "/api/orders", "{}", false);
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(withoutToken.body()).contains("CSRF");
        assertThat(backend.received).hasSize(before);

        var withToken = browser.send("POST", "/api/orders", "{\"items\":[]}", true, "Authorization", "Bearer forged");
        assertThat(withToken.statusCode()).isEqualTo(201);
        assertThat(backend.last().header("Authorization")).isNotEqualTo("Bearer forged");
        assertThat(backend.last().header("X-XSRF-TOKEN")).isNull();
    }

    @Test
    void withoutASessionACallIs401AndAPageSendsThePersonToSignIn() throws Exception {
        var call = browser.get("/api/orders");
        assertThat(call.statusCode()).isEqualTo(401);
        assertThat(call.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(call.body()).contains("\"type\":\"https://orderflow.dev/problems/sign-in-required\"");

        var page = browser.get("/orders/o-1", "text/html");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow())
                .endsWith("/oauth2/authorization/orderflow-edge");

        assertThat(browser.get("/api/products").statusCode())
                .as("the catalog is public")
                .isEqualTo(200);
        assertThat(backend.last().header("Authorization")).isNull();
    }

    @Test
    void anExpiredSessionSendsThePersonBackToSignIn() throws Exception {
        browser.signIn(identity.issuer(), "alice", "alice-password");
        assertThat(browser.get("/api/orders").statusCode()).isEqualTo(200);

        String id = browser.cookie("ORDERFLOW_SESSION");
        Context root = (Context)
                ((TomcatWebServer) context.getWebServer()).getTomcat().getHost().findChildren()[0];
        root.getManager().findSession(id).expire();

        assertThat(browser.get("/api/orders").statusCode()).isEqualTo(401);
        var page = browser.get("/orders/o-1", "text/html");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow())
                .endsWith("/oauth2/authorization/orderflow-edge");
    }

    @Test
    void signingOutEndsTheSessionHereAndAtIdentity() throws Exception {
        browser.signIn(identity.issuer(), "alice", "alice-password");
        browser.get("/");

        var out = browser.send("POST", "/logout", "", true, "Content-Type", "application/x-www-form-urlencoded");

        conforms("POST", "/logout", out);
        assertThat(out.headers().firstValue("Location").orElseThrow())
                .startsWith(identity.issuer() + "/connect/logout?")
                .contains("id_token_hint=", "post_logout_redirect_uri=");
        assertThat(browser.get("/api/orders").statusCode()).isEqualTo(401);
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicyAndNoFraming() throws Exception {
        var home = browser.get("/", "text/html");

        assertThat(home.statusCode()).isEqualTo(200);
        String csp = home.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp)
                .contains("script-src 'self'", "frame-ancestors 'none'", "default-src 'self'")
                .as("a sign-out form's redirect to identity is allowed, nothing else")
                .contains("form-action 'self' " + identity.issuer() + ";")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(home.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(home.headers().firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
        assertThat(home.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(home.body())
                .doesNotContain("<script>")
                .doesNotContain(" onclick=")
                .doesNotContain("style=\"");
    }

    @Test
    void errorsAreAPageForPeopleAndAProblemForScripts() throws Exception {
        browser.signIn(identity.issuer(), "alice", "alice-password");

        var page = browser.get("/no-such-page", "text/html");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("There is no such page");

        var call = browser.get("/no-such-page", "application/json");
        assertThat(call.statusCode()).isEqualTo(404);
        assertThat(call.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        int relayed = backend.received.size();
        var badId = browser.get("/bff/orders/not-an-order/xray");
        conforms("GET", "/bff/orders/not-an-order/xray", badId);
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("validation-failed");
        assertThat(backend.received).as("a malformed id asks nobody anything").hasSize(relayed);

        var unreachable = browser.send("POST", "/graphql", "{\"query\":\"{ salesByDay { day } }\"}", true);
        assertThat(unreachable.statusCode()).isEqualTo(502);
        assertThat(unreachable.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void confirmsAPaymentAtTheProviderWithThePublishableKeyNotThePersonsToken() throws Exception {
        browser.signIn(identity.issuer(), "alice", "alice-password");
        browser.get("/");

        var confirm = browser.send(
                "POST",
                "/psp/v1/payment_intents/pi_1/confirm",
                "{\"payment_method\":\"pm_card_visa\",\"client_secret\":\"pi_1_secret_x\"}",
                true);

        assertThat(confirm.statusCode()).isEqualTo(201);
        assertThat(backend.last().path()).isEqualTo("/v1/payment_intents/pi_1/confirm");
        assertThat(backend.last().header("Authorization")).isEqualTo("Bearer pk_test_edge_test");
        assertThat(browser.send("POST", "/psp/v1/payment_intents", "{}", true).statusCode())
                .as("only the confirm call is relayed to the provider")
                .isEqualTo(404);
    }

    @Test
    void relaysAnEventStreamEventByEvent() throws Exception {
        browser.signIn(identity.issuer(), "alice", "alice-password");
        HttpResponse<InputStream> stream = browser.stream("/api/orders/o-1/events");

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(backend.last().header("Authorization")).startsWith("Bearer ");
        try (var lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            List<String> first = new ArrayList<>();
            // The backend holds its second event until this test has read the first: a buffering
            // relay would never deliver the first, and this would time out.
            while (first.size() < 3) {
                first.add(lines.readLine());
            }
            assertThat(first).containsExactly("id: 1", "event: order.placed", "data: {\"n\":1}");
            backend.secondEvent.countDown();
            lines.readLine();
            assertThat(lines.readLine()).isEqualTo("id: 2");
        }
    }

    private void conforms(String method, String path, HttpResponse<String> response) {
        contract.assertConforms(
                method,
                path,
                response.statusCode(),
                name -> response.headers().firstValue(name).orElse(null),
                response.body());
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("edge-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Backend backend() {
        try {
            return new Backend();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static IdentityProcess identity() {
        try {
            return IdentityProcess.start(freePort(), EDGE_PORT, data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
