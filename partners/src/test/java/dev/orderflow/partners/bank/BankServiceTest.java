package dev.orderflow.partners.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.testing.ApiClient;
import dev.orderflow.testing.OpenApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.ws.test.server.MockWebServiceClient;
import org.springframework.ws.test.server.RequestCreators;
import org.springframework.ws.test.server.ResponseMatchers;

/**
 * The bank over real HTTP, the way any SOAP client calls it: the WSDL served with its address
 * rewritten, WS-Security (UsernameToken digest, nonce, created, timestamp) checked on every request,
 * refunds accepted once per refund id and settled asynchronously, typed business faults, and hardened
 * XML. Envelopes are written out here as text, so every byte that crosses the wire is visible. One
 * test drives the same service through Spring WS's {@code MockWebServiceClient}, without HTTP.
 */
class BankServiceTest extends BankTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    BankChaos chaos;

    @Autowired
    org.springframework.context.ApplicationContext context;

    ApiClient psp;

    @BeforeEach
    void client() {
        psp = new ApiClient(URI.create("http://127.0.0.1:" + port), OpenApiContract.psp());
    }

    @Test
    void servesItsWsdlAndSchemaWithTheAddressItWasFetchedFrom() throws Exception {
        var wsdl = get("/bank/ws/bank.wsdl");
        var query = get("/bank/ws?wsdl");
        var xsd = get("/bank/ws/bank-types.xsd");

        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body())
                .contains("http://127.0.0.1:" + port + "/bank/ws\"")
                .doesNotContain("localhost:8085")
                // relative, so it resolves against wherever the WSDL was fetched from
                .contains("schemaLocation=\"bank-types.xsd\"");
        assertThat(query.statusCode()).isEqualTo(200);
        assertThat(query.body())
                .contains("location=\"http://127.0.0.1:" + port + "/bank/ws\"")
                .contains("schemaLocation=\"http://127.0.0.1:" + port + "/bank/ws/bank-types.xsd\"");
        assertThat(xsd.statusCode()).isEqualTo(200);
        assertThat(xsd.body()).contains("RequestRefundRequest", "AmountExceedsRefundableFault");
    }

    @Test
    void acceptsARefundOnceSettlesItAndAnswersARepeatWithTheFirstResult() throws Exception {
        String payment = paidIntent(SECRET, 5000);
        String refundId = "rf_" + UUID.randomUUID().toString().replace("-", "");

        var first = call(requestRefund(refundId, payment, 2000, "EUR", "damaged"));
        var again = call(requestRefund(refundId, payment, 2000, "EUR", "damaged"));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("<ns2:status>ACCEPTED</ns2:status>".replace("ns2:", prefixOf(first.body())));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(text(again.body(), "requestedAt")).isEqualTo(text(first.body(), "requestedAt"));
        assertThat(rows(refundId)).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> text(call(getStatus(refundId)).body(), "status").equals("SETTLED"));
        var settled = call(getStatus(refundId)).body();
        assertThat(text(settled, "amount")).isEqualTo("2000");
        assertThat(text(settled, "settledAt")).isNotEmpty();
    }

    @Test
    void refusesToRefundMoreThanIsLeftWithATypedFault() throws Exception {
        String payment = paidIntent(SECRET, 3000);
        assertThat(call(requestRefund(newId(), payment, 2000, "EUR", null)).statusCode())
                .isEqualTo(200);

        var tooMuch = call(requestRefund(newId(), payment, 1001, "EUR", null));

        assertFault(tooMuch, "AmountExceedsRefundableFault");
        assertThat(text(tooMuch.body(), "refundable")).isEqualTo("1000");
        assertThat(call(requestRefund(newId(), payment, 1000, "EUR", null)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void answersEveryBusinessErrorWithItsTypedFaultAndRecordsNothing() throws Exception {
        String payment = paidIntent(SECRET, 3000);
        String reused = newId();
        call(requestRefund(reused, payment, 100, "EUR", null));
        long before = allRows();

        assertFault(call(requestRefund(newId(), "pi_doesNotExist", 100, "EUR", null)), "UnknownPaymentFault");
        assertFault(call(requestRefund(newId(), payment, 100, "USD", null)), "CurrencyMismatchFault");
        assertFault(
                call(requestRefund(newId(), paidIntent(BLOCKED_SECRET, 3000), 100, "EUR", null)),
                "AccountBlockedFault");
        assertFault(call(requestRefund(reused, payment, 200, "EUR", null)), "RefundIdReusedFault");
        assertFault(call(getStatus("rf_unknown")), "UnknownRefundFault");

        assertThat(allRows()).isEqualTo(before);
    }

    @Test
    void anOperationTheContractDoesNotHaveIsAClientFaultAfterWsSecurity() throws Exception {
        long before = allRows();

        var unknown = call(
                "<b:CloseAccount xmlns:b=\"https://orderflow.dev/bank/v1\"><b:account>x</b:account></b:CloseAccount>");
        var unsigned = call(
                envelope(
                        "",
                        body(
                                "<b:CloseAccount xmlns:b=\"https://orderflow.dev/bank/v1\"><b:account>x</b:account></b:CloseAccount>")));

        assertFault(unknown, "No operation of the bank's takes {https://orderflow.dev/bank/v1}CloseAccount");
        assertThat(unsigned.statusCode()).isEqualTo(500);
        assertThat(unsigned.body()).contains("faultcode").doesNotContain("No operation");
        assertThat(allRows()).isEqualTo(before);
    }

    @Test
    void aRefundWhoseAccountIsClosedIsRejectedAtSettlement() throws Exception {
        String payment = paidIntent(SECRET, 3000);
        String refundId = newId();
        call(requestRefund(refundId, payment, 100, "EUR", "account closed"));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> text(call(getStatus(refundId)).body(), "status").equals("REJECTED"));
        assertThat(text(call(getStatus(refundId)).body(), "rejectionCode")).isEqualTo("BENEFICIARY_ACCOUNT_CLOSED");
    }

    @Test
    void listsRefundsOfATimeRangeAPageAtATime() throws Exception {
        Instant from = Instant.now().minusSeconds(1);
        String payment = paidIntent(SECRET, 5000);
        for (int i = 0; i < 5; i++) {
            call(requestRefund(newId(), payment, 100, "EUR", "page " + i));
        }
        Instant to = Instant.now().plusSeconds(1);

        int seen = 0;
        String token = null;
        int pages = 0;
        do {
            var page = call(listRefunds(from, to, 2, token));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            seen += page.body().split("<[a-zA-Z0-9]*:?refundId>", -1).length - 1;
            token = page.body().contains("nextPageToken") ? text(page.body(), "nextPageToken") : null;
            pages++;
        } while (token != null);

        assertThat(seen).isGreaterThanOrEqualTo(5);
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(call(listRefunds(from, to, 2, "not-a-token")).body()).contains("faultcode", "pageToken");
    }

    @Test
    void refusesEveryWsSecurityFailureAndRecordsNothing() throws Exception {
        String payment = paidIntent(SECRET, 3000);
        long before = allRows();
        Instant now = Instant.now();

        var noHeader = call(envelope("", body(requestRefund(newId(), payment, 100, "EUR", null))));
        var wrongPassword = call(envelope(
                security(USER, "not-the-password", nonce(), now, null),
                body(requestRefund(newId(), payment, 100, "EUR", null))));
        var unknownUser = call(envelope(
                security("mallory", PASSWORD, nonce(), now, null),
                body(requestRefund(newId(), payment, 100, "EUR", null))));
        var stale = call(envelope(
                security(USER, PASSWORD, nonce(), now.minus(6, ChronoUnit.MINUTES), null),
                body(requestRefund(newId(), payment, 100, "EUR", null))));
        var future = call(envelope(
                security(USER, PASSWORD, nonce(), now.plus(6, ChronoUnit.MINUTES), null),
                body(requestRefund(newId(), payment, 100, "EUR", null))));
        var staleTimestamp = call(envelope(
                security(USER, PASSWORD, nonce(), now, now.minus(6, ChronoUnit.MINUTES)),
                body(requestRefund(newId(), payment, 100, "EUR", null))));
        var plainText =
                call(envelope(plainTextToken(USER, PASSWORD), body(requestRefund(newId(), payment, 100, "EUR", null))));
        byte[] nonce = nonce();
        String replayed = envelope(
                security(USER, PASSWORD, nonce, now, now), body(requestRefund(newId(), payment, 100, "EUR", null)));
        var first = call(replayed);
        long afterFirst = allRows();
        var replay = call(replayed);

        var refusals = new java.util.LinkedHashMap<String, HttpResponse<String>>();
        refusals.put("no security header", noHeader);
        refusals.put("wrong password", wrongPassword);
        refusals.put("unknown user", unknownUser);
        refusals.put("created 6 minutes ago", stale);
        refusals.put("created 6 minutes ahead", future);
        refusals.put("timestamp 6 minutes old", staleTimestamp);
        refusals.put("plain-text password", plainText);
        refusals.forEach((what, refused) -> {
            assertThat(refused.statusCode()).as(what + ": " + refused.body()).isEqualTo(500);
            assertThat(refused.body()).as(what).contains("faultcode").doesNotContain("RequestRefundResponse");
        });
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(replay.statusCode()).isEqualTo(500);
        assertThat(replay.body()).contains("faultcode");
        assertThat(afterFirst).isEqualTo(before + 1);
        assertThat(allRows()).isEqualTo(afterFirst);
    }

    @Test
    void acceptsAFreshTimestampBesideTheToken() throws Exception {
        String payment = paidIntent(SECRET, 3000);
        var response = call(envelope(
                security(USER, PASSWORD, nonce(), Instant.now(), Instant.now()),
                body(requestRefund(newId(), payment, 100, "EUR", null))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void refusesDtdsExternalEntitiesEntityBombsAndOversizedRequestsWithoutReadingAFile() throws Exception {
        Path secret = Files.createTempFile("bank-xxe", ".txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String payment = paidIntent(SECRET, 3000);
        long before = allRows();
        String valid = signed(body(requestRefund(newId(), payment, 100, "EUR", null)));

        var fileEntity = call("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + valid.replace("<bank:reason>", "<bank:reason>&xxe;").substring(valid.indexOf("<soapenv:Envelope")));
        var urlEntity = call("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"http://127.0.0.1:" + port
                + "/bank/ws/bank.wsdl\">]>" + valid.substring(valid.indexOf("<soapenv:Envelope")));
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i < 10; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"");
            laughs.append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        laughs.append("]>")
                .append(valid.substring(valid.indexOf("<soapenv:Envelope"))
                        .replace("<bank:amount>", "<bank:amount>&lol9;"));
        var bomb = call(laughs.toString());
        var oversized = call(valid.replace("</soapenv:Body>", "<!--" + "x".repeat(20_000) + "--></soapenv:Body>"));

        var refusals = new java.util.LinkedHashMap<String, HttpResponse<String>>();
        refusals.put("file entity", fileEntity);
        refusals.put("URL entity", urlEntity);
        refusals.put("entity expansion", bomb);
        refusals.put("oversized", oversized);
        refusals.forEach((what, refused) -> {
            assertThat(refused.statusCode()).as(what + ": " + refused.body()).isEqualTo(500);
            assertThat(refused.body())
                    .as(what)
                    .contains("faultcode", "SOAP-ENV:Client")
                    .doesNotContain("TOP-SECRET-CONTENT");
        });
        assertThat(oversized.body()).contains("larger than 16384 bytes");
        assertThat(allRows()).isEqualTo(before);
    }

    /**
     * Interop: Python's zeep from Debian's packages, used as its documentation shows, requests a
     * refund, reads its status and gets a typed fault, against this server, unchanged.
     */
    @Test
    void pythonZeepRequestsARefundReadsItsStatusAndGetsATypedFault() throws Exception {
        String payment = paidIntent(SECRET, 3000);
        String refundId = newId();
        Path script = Path.of("src/test/python/bank_zeep.py").toAbsolutePath();
        var process = new ProcessBuilder(
                        "/usr/bin/python3",
                        script.toString(),
                        "http://127.0.0.1:" + port + "/bank/ws?wsdl",
                        USER,
                        PASSWORD,
                        payment,
                        refundId)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();

        assertThat(output)
                .contains("requested " + refundId + " ACCEPTED 700")
                .contains("status " + refundId + " ")
                .contains("fault AmountExceedsRefundableFault");
        assertThat(rows(refundId)).isEqualTo(1);
    }

    @Test
    void theFaultKnobsFailRequestsBeforeAnyEffectOrLoseTheAnswerAfterIt() throws Exception {
        String payment = paidIntent(SECRET, 3000);
        BankChaos.Settings calm = chaos.settings();
        try {
            chaos.change(new BankChaos.Settings(Duration.ZERO, 1.0, 0, Duration.ZERO));
            String failedId = newId();
            var failed = call(requestRefund(failedId, payment, 100, "EUR", null));
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.body()).contains("SOAP-ENV:Server", "nothing was done");
            assertThat(rows(failedId)).isZero();

            chaos.change(new BankChaos.Settings(Duration.ZERO, 0, 1.0, Duration.ofSeconds(3)));
            String lostId = newId();
            String envelope = signed(requestRefund(lostId, payment, 100, "EUR", null));
            var timedOut = org.assertj.core.api.Assertions.catchThrowable(() -> http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bank/ws"))
                            .timeout(Duration.ofMillis(500))
                            .header("Content-Type", "text/xml; charset=utf-8")
                            .POST(HttpRequest.BodyPublishers.ofString(envelope))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertThat(timedOut).isInstanceOf(java.net.http.HttpTimeoutException.class);
            assertThat(rows(lostId))
                    .as("applied, though its caller never heard")
                    .isEqualTo(1);

            chaos.change(calm);
            var retried = call(requestRefund(lostId, payment, 100, "EUR", null));
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
            assertThat(text(retried.body(), "refundId")).isEqualTo(lostId);
            assertThat(rows(lostId))
                    .as("the retry with the same id refunds nothing more")
                    .isEqualTo(1);
        } finally {
            chaos.change(calm);
        }
    }

    @Test
    void theFaultKnobsAreChangedOverHttpWithTheAdminKeyAndSaneValuesOnly() {
        BankChaos.Settings calm = chaos.settings();
        var lossy = Map.of(
                "latency_millis",
                0,
                "fault_rate",
                0.0,
                "lost_response_rate",
                1.0,
                "lost_response_delay_millis",
                10_000);
        try {
            assertThat(psp.method("PUT", "/admin/bank/faults", lossy).send().status())
                    .isEqualTo(401);
            assertThat(psp.method("PUT", "/admin/bank/faults", lossy)
                            .token(SECRET)
                            .send()
                            .status())
                    .as("an account's API key is not the admin key")
                    .isEqualTo(401);
            var insane = psp.method("PUT", "/admin/bank/faults", Map.of("latency_millis", 0, "fault_rate", 2.0))
                    .token(ADMIN)
                    .send();
            assertThat(insane.status()).isEqualTo(400);
            assertThat(insane.json().get("errors")).hasSize(3); // fault_rate, and the two missing knobs
            assertThat(chaos.settings()).isEqualTo(calm);

            var changed =
                    psp.method("PUT", "/admin/bank/faults", lossy).token(ADMIN).send();

            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(changed.json().get("lost_response_rate").asDouble()).isEqualTo(1.0);
            assertThat(chaos.settings())
                    .isEqualTo(new BankChaos.Settings(Duration.ZERO, 0, 1.0, Duration.ofSeconds(10)));
            assertThat(psp.get("/admin/bank/faults")
                            .token(ADMIN)
                            .send()
                            .json()
                            .get("lost_response_delay_millis")
                            .asInt())
                    .isEqualTo(10_000);
        } finally {
            chaos.change(calm);
        }
    }

    /**
     * The same service through Spring WS's {@code MockWebServiceClient}: the message dispatcher, its
     * interceptors (WS-Security, schema validation) and the endpoint, without HTTP.
     */
    @Test
    void dispatchesThroughSecurityAndSchemaValidationToTheEndpoint() throws Exception {
        var ws = MockWebServiceClient.createClient(context);
        var ns = Map.of("bank", BankEndpoint.NAMESPACE);
        String payment = paidIntent(SECRET, 3000);
        String refundId = newId();
        long before = allRows();

        ws.sendRequest(RequestCreators.withSoapEnvelope(
                        source(signed(requestRefund(refundId, payment, 0, "EUR", null)))))
                .andExpect(ResponseMatchers.clientOrSenderFault()); // amount 0: the XSD says at least 1
        ws.sendRequest(RequestCreators.withSoapEnvelope(
                        source(envelope("", requestRefund(refundId, payment, 100, "EUR", null)))))
                .andExpect(ResponseMatchers.clientOrSenderFault()); // no WS-Security header
        assertThat(allRows()).isEqualTo(before);

        ws.sendRequest(RequestCreators.withSoapEnvelope(
                        source(signed(requestRefund(refundId, payment, 100, "EUR", null)))))
                .andExpect(ResponseMatchers.noFault())
                .andExpect(
                        ResponseMatchers.xpath("//bank:refund/bank:status", ns).evaluatesTo("ACCEPTED"));
        ws.sendRequest(RequestCreators.withSoapEnvelope(source(signed(getStatus("rf_nobody")))))
                .andExpect(ResponseMatchers.clientOrSenderFault())
                .andExpect(ResponseMatchers.xpath("//bank:UnknownRefundFault/bank:refundId", ns)
                        .evaluatesTo("rf_nobody"));
    }

    private static javax.xml.transform.Source source(String xml) {
        return new javax.xml.transform.stream.StreamSource(new java.io.StringReader(xml));
    }

    // --- the messages, as text ---

    private String requestRefund(String refundId, String payment, long amount, String currency, String reason) {
        return "<bank:RequestRefundRequest><bank:refundId>" + refundId + "</bank:refundId><bank:paymentReference>"
                + payment + "</bank:paymentReference><bank:amount>" + amount + "</bank:amount><bank:currency>"
                + currency + "</bank:currency>" + (reason == null ? "" : "<bank:reason>" + reason + "</bank:reason>")
                + "</bank:RequestRefundRequest>";
    }

    private String getStatus(String refundId) {
        return "<bank:GetRefundStatusRequest><bank:refundId>" + refundId
                + "</bank:refundId></bank:GetRefundStatusRequest>";
    }

    private String listRefunds(Instant from, Instant to, int size, String token) {
        return "<bank:ListRefundsRequest><bank:from>" + from + "</bank:from><bank:to>" + to
                + "</bank:to><bank:pageSize>"
                + size + "</bank:pageSize>" + (token == null ? "" : "<bank:pageToken>" + token + "</bank:pageToken>")
                + "</bank:ListRefundsRequest>";
    }

    private static String body(String payload) {
        return payload;
    }

    private static String plainTextToken(String user, String password) {
        return "<wsse:Security xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\""
                + " xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\">"
                + "<wsse:UsernameToken><wsse:Username>" + user + "</wsse:Username>"
                + "<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText\">"
                + password + "</wsse:Password><wsu:Created>" + Instant.now().truncatedTo(ChronoUnit.MILLIS)
                + "</wsu:Created></wsse:UsernameToken></wsse:Security>";
    }

    private HttpResponse<String> call(String payloadOrEnvelope) throws IOException, InterruptedException {
        String envelope =
                payloadOrEnvelope.contains("soapenv:Envelope") ? payloadOrEnvelope : signed(payloadOrEnvelope);
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bank/ws"))
                        .header("Content-Type", "text/xml; charset=utf-8")
                        .header("SOAPAction", "\"\"")
                        .POST(HttpRequest.BodyPublishers.ofString(envelope))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertFault(HttpResponse<String> response, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
        assertThat(response.body()).contains("faultcode", "Client", detail);
    }

    /** The text of the first element with this local name, whatever its prefix. */
    static String text(String xml, String localName) {
        var matcher = java.util.regex.Pattern.compile("<(?:[A-Za-z0-9]+:)?" + localName + ">([^<]*)</")
                .matcher(xml);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static String prefixOf(String xml) {
        var matcher = java.util.regex.Pattern.compile("<([A-Za-z0-9]+:)?RequestRefundResponse")
                .matcher(xml);
        return matcher.find() && matcher.group(1) != null ? matcher.group(1) : "";
    }

    private static String newId() {
        return "rf_" + UUID.randomUUID().toString().replace("-", "");
    }

    private long rows(String refundId) {
        return jdbc.sql("SELECT COUNT(*) FROM bank_refunds WHERE refund_id = ?")
                .param(refundId)
                .query(Long.class)
                .single();
    }

    private long allRows() {
        return jdbc.sql("SELECT COUNT(*) FROM bank_refunds").query(Long.class).single();
    }

    /** A payment the provider collected: an intent created with the account's key and paid by card. */
    private String paidIntent(String secretKey, long amount) {
        var created = psp.post(
                        "/v1/payment_intents",
                        Map.of("amount", amount, "currency", "eur", "metadata", Map.of("order_id", "bank-test")))
                .token(secretKey)
                .send();
        String id = created.json().get("id").asText();
        var confirmed = psp.post("/v1/payment_intents/" + id + "/confirm", Map.of("payment_method", "pm_card_visa"))
                .token(secretKey)
                .send();
        assertThat(confirmed.json().get("status").asText()).isEqualTo("succeeded");
        return id;
    }
}
