package dev.orderflow.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * One read, two dialects, same machine, one run: the bank's SOAP {@code GetRefundStatus} (an envelope
 * with a WS-Security UsernameToken digest) against the orders REST {@code GET /api/orders/{id}} (JSON,
 * an OAuth2 bearer token), against a running platform (./orderflow up). It pays an order, refunds
 * part of it at the bank, then reads each the same number of times at the same concurrency and
 * prints throughput, p50/p99 and the bytes of one request and one response, with the ratios. Usage:
 * {@code ./mvnw -q -pl bench toolchains:select-jdk-toolchain exec:exec -Dbench=SoapVsRest -Dbench.args="8 1000"}
 * (concurrency, reads per dialect; orders' embedded rate limit is 1,200 requests a minute per client).
 * Each SOAP request needs its own nonce: the envelopes are signed before the clock starts, as the
 * REST token is fetched before it.
 */
public final class SoapVsRest {

    private static final String PASSWORD = "orderflow-bank-secret";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SoapVsRest() {}

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        String identity = System.getProperty("identity", "http://localhost:8081");
        String orders = System.getProperty("orders", "http://localhost:8082");
        String partners = System.getProperty("partners", "http://localhost:8085");
        HttpClient http = HttpClient.newHttpClient();
        String token = PlaceOrderLatency.token(
                http, identity, "orderflow-cli", "orderflow-cli-secret", "orders:read orders:write");

        String orderId = paidOrder(http, orders, partners, token);
        String intent =
                field(get(http, orders + "/api/orders/" + orderId, token).body(), "intent_id");
        String refundId = "bench_" + UUID.randomUUID().toString().replace("-", "");
        var requested = soap(
                http,
                partners,
                envelope("<bank:RequestRefundRequest><bank:refundId>" + refundId
                        + "</bank:refundId><bank:paymentReference>" + intent
                        + "</bank:paymentReference><bank:amount>100</bank:amount><bank:currency>EUR</bank:currency>"
                        + "</bank:RequestRefundRequest>"));
        if (requested.statusCode() != 200) {
            throw new IllegalStateException("refund refused: " + requested.body());
        }

        HttpRequest restRequest = HttpRequest.newBuilder(URI.create(orders + "/api/orders/" + orderId))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .build();
        String statusPayload = "<bank:GetRefundStatusRequest><bank:refundId>" + refundId
                + "</bank:refundId></bank:GetRefundStatusRequest>";
        List<String> envelopes = new ArrayList<>();
        for (int i = 0; i < reads + 50; i++) {
            envelopes.add(envelope(statusPayload));
        }
        var next = new AtomicInteger();

        // warm both paths, then measure each, one after the other, on the same data
        for (int i = 0; i < 50; i++) {
            http.send(restRequest, HttpResponse.BodyHandlers.discarding());
            soap(http, partners, envelopes.get(next.getAndIncrement()));
        }
        var restResult = Latency.measure(
                "REST GET /api/orders/{id}",
                concurrency,
                0,
                reads,
                () -> http.send(restRequest, HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
        var soapResult = Latency.measure(
                "SOAP GetRefundStatus",
                concurrency,
                0,
                reads,
                () -> soap(http, partners, envelopes.get(next.getAndIncrement()))
                                .statusCode()
                        == 200);

        soapResult.compareTo(restResult, "SOAP/REST");

        var restResponse = get(http, orders + "/api/orders/" + orderId, token);
        String soapRequest = envelope(statusPayload);
        var soapResponse = soap(http, partners, soapRequest);
        int restRequestBytes = ("GET /api/orders/" + orderId + " HTTP/1.1\r\nAuthorization: Bearer " + token
                        + "\r\nAccept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8)
                .length;
        int soapRequestBytes =
                ("POST /bank/ws HTTP/1.1\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: \"\"\r\n"
                                        + "Content-Length: " + soapRequest.length() + "\r\n\r\n")
                                .getBytes(StandardCharsets.UTF_8)
                                .length
                        + soapRequest.getBytes(StandardCharsets.UTF_8).length;
        int restResponseBytes = restResponse.body().getBytes(StandardCharsets.UTF_8).length;
        int soapResponseBytes = soapResponse.body().getBytes(StandardCharsets.UTF_8).length;
        System.out.printf(
                "bytes of one request (request line, headers, body): REST %d, SOAP %d (SOAP/REST %.2f)%n",
                restRequestBytes, soapRequestBytes, (double) soapRequestBytes / restRequestBytes);
        System.out.printf(
                "bytes of one response body: REST %d (the whole order), SOAP %d (the refund) (SOAP/REST %.2f)%n",
                restResponseBytes, soapResponseBytes, (double) soapResponseBytes / restResponseBytes);
        System.out.println("(the REST request carries a ~"
                + token.length() + "-byte JWT; the SOAP body carries a WS-Security header of ~"
                + security().length() + " bytes)");
    }

    /** An order placed, its payment confirmed at the provider with the test card, and PAID (or beyond). */
    private static String paidOrder(HttpClient http, String orders, String partners, String token) throws Exception {
        var placed = http.send(
                HttpRequest.newBuilder(URI.create(orders + "/api/orders"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"customer_id\":\"bench\",\"items\":[{\"sku\":\"ACC-003\",\"quantity\":1}],"
                                        + "\"shipping_address\":{\"name\":\"Bench\",\"line1\":\"1 Rue\",\"city\":\"Lyon\","
                                        + "\"postal_code\":\"69001\",\"country\":\"FR\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String id = field(placed.body(), "id");
        String order = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> get(http, orders + "/api/orders/" + id, token).body(),
                        body -> body.contains("\"intent_id\""));
        var confirmed = http.send(
                HttpRequest.newBuilder(
                                URI.create(partners + "/v1/payment_intents/" + field(order, "intent_id") + "/confirm"))
                        .header("Authorization", "Bearer pk_test_orderflow_embedded_demo_key")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"payment_method\":\"pm_card_visa\",\"client_secret\":\""
                                        + field(order, "client_secret") + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (!confirmed.body().contains("\"succeeded\"")) {
            throw new IllegalStateException("payment not confirmed: " + confirmed.body());
        }
        return id;
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> soap(HttpClient http, String partners, String envelope) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(partners + "/bank/ws"))
                        .header("Content-Type", "text/xml; charset=utf-8")
                        .header("SOAPAction", "\"\"")
                        .POST(HttpRequest.BodyPublishers.ofString(envelope))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String envelope(String payload) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:bank=\"https://orderflow.dev/bank/v1\"><soapenv:Header>" + security()
                + "</soapenv:Header><soapenv:Body>" + payload + "</soapenv:Body></soapenv:Envelope>";
    }

    /** OASIS WSS UsernameToken profile: PasswordDigest = Base64(SHA-1(nonce + created + password)). */
    private static String security() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String created = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        try {
            var sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(PASSWORD.getBytes(StandardCharsets.UTF_8));
            String digest = Base64.getEncoder().encodeToString(sha1.digest());
            return "<wsse:Security xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\""
                    + " xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\">"
                    + "<wsse:UsernameToken><wsse:Username>orderflow-orders</wsse:Username>"
                    + "<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest\">"
                    + digest + "</wsse:Password>"
                    + "<wsse:Nonce EncodingType=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary\">"
                    + Base64.getEncoder().encodeToString(nonce) + "</wsse:Nonce><wsu:Created>" + created
                    + "</wsu:Created></wsse:UsernameToken></wsse:Security>";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
