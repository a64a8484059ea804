package dev.orderflow.orders.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.testing.ApiClient;
import dev.orderflow.testing.OpenApiContract;
import dev.orderflow.testing.TestCertificates;
import dev.orderflow.testing.TestKafka;
import dev.orderflow.testing.TestTokens;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.X509Bundle;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Orders reaches an inventory that requires mutual TLS, by configuration alone: Spring gRPC's
 * channel for {@code inventory} uses a Spring Boot SSL bundle whose truststore checks the server
 * and whose keystore is orders' client certificate. Certificates are made for this test run.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:orders-mtls;DB_CLOSE_DELAY=-1",
            "spring.flyway.locations=classpath:db/migration,classpath:db/demo",
            "orderflow.orders.cursor-secret=test-cursor-secret-of-at-least-32-chars",
            "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
            "spring.grpc.client.channels.inventory.ssl.bundle=inventory-client"
        })
class MutualTlsTest {

    static final TestTokens tokens = new TestTokens();
    static final TestCertificates certificates = new TestCertificates("CN=Orderflow test CA");
    static final Path[] ORDERS = certificates.write("orders", certificates.client("orders"));
    static final FakeDependencies inventory = inventoryRequiringClientCertificates();
    static final FakeDependencies shipping = new FakeDependencies();

    private static FakeDependencies inventoryRequiringClientCertificates() {
        X509Bundle server = certificates.server("inventory");
        try {
            return new FakeDependencies(GrpcSslContexts.configure(
                            SslContextBuilder.forServer(server.getKeyPair().getPrivate(), server.getCertificatePath()))
                    .trustManager(certificates.ca().getCertificate())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build());
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", tokens::jwkSetUri);
        registry.add("spring.security.oauth2.client.provider.identity.token-uri", tokens::tokenUri);
        registry.add("spring.security.oauth2.client.registration.orderflow-orders.client-secret", () -> "test");
        registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("spring.grpc.client.channels.inventory.address", () -> "localhost:" + inventory.port());
        registry.add("spring.grpc.client.channels.shipping.address", () -> "127.0.0.1:" + shipping.port());
        registry.add("spring.ssl.bundle.pem.inventory-client.keystore.certificate", () -> "file:" + ORDERS[0]);
        registry.add("spring.ssl.bundle.pem.inventory-client.keystore.private-key", () -> "file:" + ORDERS[1]);
        registry.add(
                "spring.ssl.bundle.pem.inventory-client.truststore.certificate", () -> "file:" + certificates.caFile());
    }

    @AfterAll
    static void stop() {
        inventory.close();
        shipping.close();
    }

    @Test
    void reservesStockAtAnInventoryThatRequiresItsClientCertificate() {
        var api = new ApiClient(URI.create("http://127.0.0.1:" + port), OpenApiContract.orders());
        var response = api.post(
                        "/api/orders",
                        Map.of(
                                "customer_id",
                                "c-mtls",
                                "items",
                                List.of(Map.of("sku", "ACC-001", "quantity", 1)),
                                "shipping_address",
                                Map.of(
                                        "name", "Alice Example",
                                        "line1", "1 Market Street",
                                        "city", "Lyon",
                                        "postal_code", "69001",
                                        "country", "FR")))
                .token(tokens.partner("partner-acme", "orders:read", "orders:write"))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        String orderId = response.json().get("id").asText();
        assertThat(inventory.held).containsKey(orderId);
        assertThat(inventory.clientSubjects).containsExactly("CN=orders");
    }
}
