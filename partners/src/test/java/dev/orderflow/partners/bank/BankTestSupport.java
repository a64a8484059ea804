package dev.orderflow.partners.bank;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The partners service on a random port as the bank's tests run it (accounts, the orders user, a
 * blocked account, fast settlement, a 16 KiB request limit), and the SOAP envelopes they send,
 * written out as text with a WS-Security header.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:partners-bank;DB_CLOSE_DELAY=-1",
            "orderflow.partners.psp.accounts[0].id=acct_shop",
            "orderflow.partners.psp.accounts[0].secret-key=" + BankTestSupport.SECRET,
            "orderflow.partners.psp.accounts[0].publishable-key=pk_test_shop_0123456789",
            "orderflow.partners.psp.accounts[1].id=acct_blocked",
            "orderflow.partners.psp.accounts[1].secret-key=" + BankTestSupport.BLOCKED_SECRET,
            "orderflow.partners.psp.accounts[1].publishable-key=pk_test_blocked_0123456789",
            "orderflow.partners.bank.users.orderflow-orders=" + BankTestSupport.PASSWORD,
            "orderflow.partners.bank.blocked-accounts[0]=acct_blocked",
            "orderflow.partners.bank.rejected-reasons[0]=account closed",
            "orderflow.partners.bank.settle-after=PT0.3S",
            "orderflow.partners.bank.settle-interval=PT0.1S",
            "orderflow.partners.bank.max-request-bytes=16384",
            "orderflow.partners.psp.admin-key=" + BankTestSupport.ADMIN
        })
abstract class BankTestSupport {

    static final String SECRET = "sk_test_shop_0123456789";
    static final String BLOCKED_SECRET = "sk_test_blocked_0123456789";
    static final String USER = "orderflow-orders";
    static final String PASSWORD = "orderflow-bank-secret";
    static final String ADMIN = "psp_admin_0123456789";

    private static final SecureRandom RANDOM = new SecureRandom();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    static String envelope(String header, String payload) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:bank=\"https://orderflow.dev/bank/v1\"><soapenv:Header>" + header
                + "</soapenv:Header><soapenv:Body>" + payload + "</soapenv:Body></soapenv:Envelope>";
    }

    String signed(String payload) {
        return envelope(security(USER, PASSWORD, nonce(), Instant.now(), null), payload);
    }

    /** OASIS WSS UsernameToken profile: PasswordDigest = Base64(SHA-1(nonce + created + password)). */
    static String security(String user, String password, byte[] nonce, Instant created, Instant timestamp) {
        String createdText = created.truncatedTo(ChronoUnit.MILLIS).toString();
        String digest;
        try {
            var sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(createdText.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            digest = Base64.getEncoder().encodeToString(sha1.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String ts = timestamp == null
                ? ""
                : "<wsu:Timestamp wsu:Id=\"TS-1\"><wsu:Created>" + timestamp.truncatedTo(ChronoUnit.MILLIS)
                        + "</wsu:Created><wsu:Expires>"
                        + timestamp.plusSeconds(300).truncatedTo(ChronoUnit.MILLIS)
                        + "</wsu:Expires></wsu:Timestamp>";
        return "<wsse:Security xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\""
                + " xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\">"
                + ts + "<wsse:UsernameToken wsu:Id=\"UT-1\"><wsse:Username>" + user + "</wsse:Username>"
                + "<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest\">"
                + digest + "</wsse:Password>"
                + "<wsse:Nonce EncodingType=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary\">"
                + Base64.getEncoder().encodeToString(nonce) + "</wsse:Nonce><wsu:Created>" + createdText
                + "</wsu:Created></wsse:UsernameToken></wsse:Security>";
    }

    static byte[] nonce() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return nonce;
    }
}
