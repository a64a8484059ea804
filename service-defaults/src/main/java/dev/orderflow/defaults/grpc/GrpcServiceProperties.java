package dev.orderflow.defaults.grpc;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param requiredScope the scope every call's access token must carry (each service sets its own,
 *     e.g. {@code inventory:write}); health and reflection need none
 * @param readScope a narrower scope that is enough for the {@code readMethods} (e.g.
 *     {@code inventory:read} for stock levels), so a client that only reads, like the command line,
 *     never holds the power to change anything; the required scope is accepted for them too
 * @param readMethods full method names ({@code package.Service/Method}) that change nothing
 */
@ConfigurationProperties("orderflow.grpc")
public record GrpcServiceProperties(String requiredScope, String readScope, List<String> readMethods) {

    public GrpcServiceProperties {
        readMethods = readMethods == null ? List.of() : List.copyOf(readMethods);
    }
}
