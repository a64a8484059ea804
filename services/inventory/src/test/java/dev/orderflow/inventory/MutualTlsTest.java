package dev.orderflow.inventory;

import static dev.orderflow.inventory.InventoryTestSupport.bearer;
import static dev.orderflow.inventory.InventoryTestSupport.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.contracts.inventory.v1.GetStockRequest;
import dev.orderflow.contracts.inventory.v1.InventoryServiceGrpc;
import dev.orderflow.testing.TestCertificates;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Optional mTLS (spring.grpc.server.ssl with a Spring Boot SSL bundle and client-auth=require), with
 * a CA, server and client certificates made for this test run.
 */
@SpringBootTest(
        properties = {
            "spring.datasource.url=jdbc:h2:mem:inventory-mtls;DB_CLOSE_DELAY=-1",
            "spring.flyway.locations=classpath:db/migration,classpath:db/demo",
            "server.port=0",
            "spring.grpc.server.ssl.bundle=inventory",
            "spring.grpc.server.ssl.client-auth=require"
        })
class MutualTlsTest {

    static final int PORT = InventoryServerTest.freePort();
    static final TestCertificates certificates = new TestCertificates("CN=Orderflow test CA");
    static final Path[] SERVER = certificates.write("server", certificates.server("inventory"));
    static final X509Bundle TRUSTED_CLIENT = certificates.client("orders");
    static final X509Bundle UNTRUSTED_CLIENT = new TestCertificates("CN=Someone else").client("intruder");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        InventoryTestSupport.properties(registry);
        registry.add("spring.grpc.server.port", () -> PORT);
        registry.add("spring.ssl.bundle.pem.inventory.keystore.certificate", () -> "file:" + SERVER[0]);
        registry.add("spring.ssl.bundle.pem.inventory.keystore.private-key", () -> "file:" + SERVER[1]);
        registry.add("spring.ssl.bundle.pem.inventory.truststore.certificate", () -> "file:" + certificates.caFile());
    }

    @Test
    void acceptsAClientWithACertificateFromTheTrustedCa() throws Exception {
        ManagedChannel channel = channel(TRUSTED_CLIENT);
        try {
            var levels = InventoryServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(bearer(token("inventory:write")))
                    .getStock(GetStockRequest.newBuilder().addSkus("ACC-001").build());
            assertThat(levels.getLevelsCount()).isEqualTo(1);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesAClientWithAnUntrustedCertificateOrNone() throws Exception {
        for (X509Bundle client : new X509Bundle[] {UNTRUSTED_CLIENT, null}) {
            ManagedChannel channel = channel(client);
            try {
                assertThatThrownBy(() -> InventoryServiceGrpc.newBlockingStub(channel)
                                .withInterceptors(bearer(token("inventory:write")))
                                .withDeadlineAfter(10, TimeUnit.SECONDS)
                                .getStock(GetStockRequest.newBuilder()
                                        .addSkus("ACC-001")
                                        .build()))
                        .isInstanceOfSatisfying(
                                StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static ManagedChannel channel(X509Bundle client) throws Exception {
        SslContextBuilder tls =
                GrpcSslContexts.forClient().trustManager(certificates.ca().getCertificate());
        if (client != null) {
            tls.keyManager(client.getKeyPair().getPrivate(), client.getCertificatePath());
        }
        return NettyChannelBuilder.forAddress("localhost", PORT)
                .sslContext(tls.build())
                .build();
    }
}
