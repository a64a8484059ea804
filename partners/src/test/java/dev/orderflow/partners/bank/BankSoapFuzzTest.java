package dev.orderflow.partners.bank;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.orderflow.testing.FuzzChecks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The bank's SOAP endpoint with anything in the body of a correctly secured envelope, or anything
 * as the whole request: a response, or a fault that blames the caller (faultcode Client) and
 * records no refund; never a Server fault, never something that is not SOAP. The fuzzer starts
 * from the bank's three valid requests (this class's {@code Inputs} folder).
 */
class BankSoapFuzzTest extends BankTestSupport {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @FuzzTest(maxDuration = "10s")
    void anyRequestIsAnsweredOrFaultedAsTheCallersMistake(FuzzedDataProvider data) throws Exception {
        FuzzChecks.allowLoopbackConnections();
        boolean wholeRequest = data.consumeBoolean();
        String fuzzed = data.consumeRemainingAsString();
        String request = wholeRequest ? fuzzed : signed(fuzzed);
        long before = refunds();

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bank/ws"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "text/xml; charset=utf-8")
                        .header("SOAPAction", "\"\"")
                        .POST(HttpRequest.BodyPublishers.ofString(request))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        String body = response.body();
        if (response.statusCode() == 200) {
            assertThat(body).contains("Envelope");
            return;
        }
        assertThat(refunds()).as("a refused request records no refund").isEqualTo(before);
        if (response.statusCode() == 500) {
            assertThat(body).as("a SOAP fault").contains("Fault", "faultcode");
            assertThat(body).as("that blames the caller: %s", body).containsPattern("faultcode>[A-Za-z0-9-]*:?Client<");
        } else {
            // Refused before SOAP: not XML, too large, wrong media type (an unknown operation is a
            // Client fault, not a 404).
            assertThat(response.statusCode()).as(body).isIn(400, 405, 413, 415);
        }
    }

    private long refunds() {
        return jdbc.sql("SELECT COUNT(*) FROM bank_refunds").query(Long.class).single();
    }
}
