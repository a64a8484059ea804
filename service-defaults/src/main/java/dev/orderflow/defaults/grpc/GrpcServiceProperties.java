package dev.orderflow.defaults.grpc;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param requiredScope the scope every call's access token must carry (each service sets its own,
 *     e.g. {@code inventory:write}); health and reflection need none
 */
@ConfigurationProperties("orderflow.grpc")
public record GrpcServiceProperties(String requiredScope) {}
