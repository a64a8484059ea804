package dev.orderflow.orders.refund.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.ws.test.client.RequestMatchers.connectionTo;
import static org.springframework.ws.test.client.RequestMatchers.payload;
import static org.springframework.ws.test.client.RequestMatchers.soapHeader;
import static org.springframework.ws.test.client.RequestMatchers.validPayload;
import static org.springframework.ws.test.client.ResponseCreators.withException;
import static org.springframework.ws.test.client.ResponseCreators.withPayload;
import static org.springframework.ws.test.client.ResponseCreators.withServerOrReceiverFault;
import static org.springframework.ws.test.client.ResponseCreators.withSoapEnvelope;

import dev.orderflow.defaults.tracing.TraceContexts;
import dev.orderflow.orders.Money;
import dev.orderflow.orders.refund.BankProperties;
import dev.orderflow.orders.refund.BankRefunds.Answer;
import dev.orderflow.orders.refund.BankRefunds.Request;
import dev.orderflow.orders.refund.BankUnavailable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.ws.soap.saaj.SaajSoapMessage;
import org.springframework.ws.test.client.MockWebServiceServer;
import org.springframework.ws.test.client.RequestMatcher;
import org.springframework.xml.transform.StringSource;
import org.w3c.dom.Element;

/**
 * The bank client alone, against Spring WS's {@link MockWebServiceServer}: the messages it sends
 * (valid against the contract's schema, with the WS-Security header the bank requires) and what it
 * makes of every answer and every fault the WSDL declares.
 */
class SoapBankTest {

    private static final String NS = "https://orderflow.dev/bank/v1";
    private static final String WSSE =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static final String WSU =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    private static final String URL = "http://bank.test/bank/ws";
    private static final UUID REFUND = UUID.fromString("3f0c9a52-51b7-4c6e-8f0d-6d1b2a7e9c41");
    private static final Request REQUEST =
            new Request(REFUND, "pi_3Qx9aZ0f5b1c2d3e", new Money(1900, "EUR"), "One tote bag returned");

    private SoapBank bank;
    private MockWebServiceServer server;

    @BeforeEach
    void bank() throws Exception {
        bank = new SoapBank(properties("orderflow-orders", "s3cret-password"), TraceContexts.none());
        server = MockWebServiceServer.createServer(bank.template());
    }

    @Test
    void requestsARefundWithTheContractsMessageAndAUsernameTokenDigest() throws IOException {
        server.expect(connectionTo(URL))
                .andExpect(validPayload(new ClassPathResource("wsdl/bank-types.xsd")))
                .andExpect(payload(new StringSource("<RequestRefundRequest xmlns=\"" + NS + "\">"
                        + "<refundId>" + REFUND + "</refundId><paymentReference>pi_3Qx9aZ0f5b1c2d3e</paymentReference>"
                        + "<amount>1900</amount><currency>EUR</currency><reason>One tote bag returned</reason>"
                        + "</RequestRefundRequest>")))
                .andExpect(soapHeader(new QName(WSSE, "Security")))
                .andExpect(usernameTokenWithDigest())
                .andRespond(withPayload(refund("RequestRefundResponse", "ACCEPTED", "")));

        assertThat(bank.request(REQUEST)).isEqualTo(Answer.of(Answer.Status.PENDING));
        server.verify();
    }

    @ParameterizedTest
    @CsvSource({
        "ACCEPTED, '', PENDING, ",
        "SETTLED, '', SETTLED, ",
        "REJECTED, <rejectionCode>BENEFICIARY_ACCOUNT_CLOSED</rejectionCode>, REFUSED, "
                + "'rejected: the bank rejected it at settlement (BENEFICIARY_ACCOUNT_CLOSED)'"
    })
    void readsTheStatusOfARefund(String bankStatus, String extra, Answer.Status status, String failure) {
        server.expect(payload(new StringSource("<GetRefundStatusRequest xmlns=\"" + NS + "\"><refundId>" + REFUND
                        + "</refundId></GetRefundStatusRequest>")))
                .andExpect(usernameTokenWithDigest())
                .andRespond(withPayload(refund("GetRefundStatusResponse", bankStatus, extra)));

        assertThat(bank.status(REFUND)).isEqualTo(new Answer(status, failure));
    }

    @ParameterizedTest
    @CsvSource({
        "UnknownPaymentFault, <paymentReference>pi_3Qx9aZ0f5b1c2d3e</paymentReference>, unknown_payment",
        "AmountExceedsRefundableFault, <refundable>900</refundable>, amount_exceeds_refundable",
        "CurrencyMismatchFault, <paymentCurrency>USD</paymentCurrency>, currency_mismatch",
        "AccountBlockedFault, <account>acct_blocked</account>, account_blocked",
        "RefundIdReusedFault, <refundId>" + "3f0c9a52-51b7-4c6e-8f0d-6d1b2a7e9c41</refundId>, refund_id_reused"
    })
    void everyBusinessFaultTheWsdlDeclaresRefusesTheRefund(String fault, String detail, String code) {
        server.expect(connectionTo(URL)).andRespond(withSoapEnvelope(fault(fault, detail)));

        Answer answer = bank.request(REQUEST);

        assertThat(answer.status()).isEqualTo(Answer.Status.REFUSED);
        assertThat(answer.failure()).isEqualTo(code + ": The bank says no.");
    }

    @Test
    void aStatusTheBankDoesNotKnowIsUnknownSoTheRefundIsAskedForAgain() {
        server.expect(connectionTo(URL))
                .andRespond(withSoapEnvelope(fault("UnknownRefundFault", "<refundId>" + REFUND + "</refundId>")));

        assertThat(bank.status(REFUND)).isEqualTo(Answer.of(Answer.Status.UNKNOWN));
    }

    @Test
    void aServerFaultIsNoAnswerNotARefusal() {
        server.expect(connectionTo(URL))
                .andRespond(withServerOrReceiverFault("The bank is temporarily unavailable", Locale.ENGLISH));

        assertThatThrownBy(() -> bank.request(REQUEST))
                .isInstanceOf(BankUnavailable.class)
                .hasMessageContaining("temporarily unavailable");
    }

    /**
     * What WSS4J's server side answers a refused header with (WS-Security 1.1 §12: a wrong digest, a
     * replayed nonce, a stale Created or Timestamp, a missing header): a fault without typed detail.
     * The refund was not looked at, so it is asked for again later, never failed.
     */
    @ParameterizedTest
    @CsvSource({
        "FailedAuthentication, The security token could not be authenticated or authorized",
        "InvalidSecurity, An error was discovered processing the Security header",
        "InvalidSecurityToken, An invalid security token was provided",
        "MessageExpired, The message has expired"
    })
    void aRefusedSecurityHeaderIsNoAnswerNotARefusalOfTheRefund(String code, String message) {
        server.expect(connectionTo(URL))
                .andRespond(withSoapEnvelope(new StringSource(envelope("<soap:Fault>"
                        + "<faultcode xmlns:wsse=\"" + WSSE + "\">wsse:" + code + "</faultcode>"
                        + "<faultstring>" + message + "</faultstring></soap:Fault>"))));

        assertThatThrownBy(() -> bank.request(REQUEST))
                .isInstanceOf(BankUnavailable.class)
                .hasMessageContaining(message);
    }

    @Test
    void noConnectionOrATimeoutIsNoAnswer() {
        server.expect(connectionTo(URL)).andRespond(withException(new IOException("Read timed out")));

        assertThatThrownBy(() -> bank.request(REQUEST))
                .isInstanceOf(BankUnavailable.class)
                .hasMessageContaining("Read timed out");
    }

    @Test
    void aRefundLargerThanTheBankTakesIsRefusedWithoutAsking() {
        Answer answer = bank.request(new Request(REFUND, "pi_1", new Money(100_000_000, "EUR"), null));

        assertThat(answer.status()).isEqualTo(Answer.Status.REFUSED);
        assertThat(answer.failure()).startsWith("amount_too_large: ");
        server.verify(); // nothing was sent
    }

    @Test
    void withoutCredentialsNothingIsSent() throws Exception {
        var unconfigured = new SoapBank(properties(null, null), TraceContexts.none());
        var nobody = MockWebServiceServer.createServer(unconfigured.template());

        assertThatThrownBy(() -> unconfigured.request(REQUEST))
                .isInstanceOf(BankUnavailable.class)
                .hasMessageContaining("No WS-Security credentials");
        nobody.verify();
    }

    /** OASIS UsernameToken Profile 1.1: a digest (never the password), a nonce, a created time; and a Timestamp. */
    private static RequestMatcher usernameTokenWithDigest() {
        return (uri, message) -> {
            var envelope = ((SaajSoapMessage) message).getSaajMessage().getSOAPPart();
            Element token = (Element)
                    envelope.getElementsByTagNameNS(WSSE, "UsernameToken").item(0);
            assertThat(token).as("a UsernameToken").isNotNull();
            assertThat(token.getElementsByTagNameNS(WSSE, "Username").item(0).getTextContent())
                    .isEqualTo("orderflow-orders");
            Element password =
                    (Element) token.getElementsByTagNameNS(WSSE, "Password").item(0);
            assertThat(password.getAttribute("Type")).endsWith("#PasswordDigest");
            assertThat(password.getTextContent())
                    .isNotEqualTo("s3cret-password")
                    .isBase64();
            assertThat(token.getElementsByTagNameNS(WSSE, "Nonce").getLength()).isOne();
            assertThat(token.getElementsByTagNameNS(WSU, "Created").getLength()).isOne();
            assertThat(envelope.getElementsByTagNameNS(WSU, "Timestamp").getLength())
                    .isOne();
            assertThat(envelope.getDocumentElement().getTextContent()).doesNotContain("s3cret-password");
        };
    }

    private static Source refund(String response, String status, String extra) {
        return new StringSource("<" + response + " xmlns=\"" + NS + "\"><refund><refundId>" + REFUND
                + "</refundId><paymentReference>pi_3Qx9aZ0f5b1c2d3e</paymentReference><amount>1900</amount>"
                + "<currency>EUR</currency><status>" + status + "</status>" + extra
                + "<requestedAt>2026-12-02T10:00:00Z</requestedAt></refund></" + response + ">");
    }

    private static Source fault(String element, String detail) {
        return new StringSource(envelope("<soap:Fault><faultcode>soap:Client</faultcode>"
                + "<faultstring>Refused</faultstring><detail><b:" + element + " xmlns:b=\"" + NS + "\">"
                + "<b:message>The bank says no.</b:message>"
                + detail.replace("<", "<b:").replace("<b:/", "</b:")
                + "</b:" + element + "></detail></soap:Fault>"));
    }

    private static String envelope(String body) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>" + body
                + "</soap:Body></soap:Envelope>";
    }

    private static BankProperties properties(String username, String password) {
        return new BankProperties(
                URI.create(URL),
                username,
                password,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                2.0,
                0.5,
                Duration.ofMinutes(5),
                Duration.ofSeconds(1),
                50);
    }
}
