package dev.orderflow.inventory;

import com.google.rpc.Status;
import dev.orderflow.contracts.inventory.v1.InventoryServiceGrpc;
import dev.orderflow.testing.TestTokens;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Tokens and stubs for inventory's tests. */
public final class InventoryTestSupport {

    public static final TestTokens tokens = new TestTokens();

    private InventoryTestSupport() {}

    public static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", tokens::jwkSetUri);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestTokens.ISSUER);
    }

    public static String token(String... scopes) {
        return tokens.sign(
                tokens.claims("orders", "orders", null, "orderflow-inventory", Duration.ofMinutes(5), scopes));
    }

    public static ClientInterceptor bearer(String token) {
        var headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    public static InventoryServiceGrpc.InventoryServiceBlockingStub blocking(ManagedChannel channel) {
        return InventoryServiceGrpc.newBlockingStub(channel).withInterceptors(bearer(token("inventory:write")));
    }

    public static InventoryServiceGrpc.InventoryServiceStub async(ManagedChannel channel) {
        return InventoryServiceGrpc.newStub(channel).withInterceptors(bearer(token("inventory:write")));
    }

    /** The google.rpc.Status carried by a failed call (its code, message and details). */
    public static Status details(StatusRuntimeException e) {
        return StatusProto.fromThrowable(e);
    }
}
