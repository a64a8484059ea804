package dev.orderflow.orders.fulfilment.internal;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.StatusOr;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A gRPC target naming a fixed list of instances: {@code addresses:///host:port,host:port}. Each
 * address is its own endpoint, so the channel's {@code round_robin} policy spreads calls across
 * them and stops picking one that is shutting down (its GOAWAY) or down, until it is back.
 *
 * <p>Why hand-written: grpc-java resolves {@code dns:///name:port} (every address of one name, one
 * port) and {@code unix:}, but has no resolver for a list of host:port pairs, which is what two
 * instances on one machine are (the rolling-restart test, a laptop). (Not {@code static://}: Spring
 * gRPC takes that prefix to mean "this address, no resolver".) In Kubernetes a headless
 * Service and {@code dns:///} do this, and this class is not used. Registered through
 * {@code META-INF/services/io.grpc.NameResolverProvider}, as grpc-java looks providers up.
 */
public final class AddressList extends NameResolverProvider {

    static final String SCHEME = "addresses";

    @Override
    protected boolean isAvailable() {
        return true;
    }

    @Override
    protected int priority() {
        return 5; // grpc-java's own providers use 5; the scheme alone decides
    }

    @Override
    protected String getScheme() {
        return SCHEME;
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    @Override
    public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
        return List.of(InetSocketAddress.class);
    }

    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
        if (!SCHEME.equals(target.getScheme())) {
            return null;
        }
        List<HostAndPort> instances = parse(target.getPath() == null ? "" : target.getPath());
        return new NameResolver() {
            @Override
            public String getServiceAuthority() {
                return instances.getFirst().host(); // what TLS checks the certificates against
            }

            @Override
            public void start(Listener2 listener) {
                listener.onResult2(ResolutionResult.newBuilder()
                        .setAddressesOrError(StatusOr.fromValue(instances.stream()
                                .map(instance -> new EquivalentAddressGroup(
                                        new InetSocketAddress(instance.host(), instance.port())))
                                .toList()))
                        .build());
            }

            @Override
            public void shutdown() {}
        };
    }

    record HostAndPort(String host, int port) {}

    /** {@code /host:port,host:port} (the URI's path); a malformed list fails the channel's creation. */
    static List<HostAndPort> parse(String path) {
        String list = path.startsWith("/") ? path.substring(1) : path;
        if (list.isBlank()) {
            throw invalid(path);
        }
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .map(instance -> {
                    int colon = instance.lastIndexOf(':');
                    if (colon <= 0 || colon == instance.length() - 1) {
                        throw invalid(path);
                    }
                    try {
                        return new HostAndPort(
                                instance.substring(0, colon), Integer.parseInt(instance.substring(colon + 1)));
                    } catch (NumberFormatException e) {
                        throw invalid(path);
                    }
                })
                .toList();
    }

    private static IllegalArgumentException invalid(String path) {
        return new IllegalArgumentException(
                "a addresses:/// target lists host:port pairs separated by commas, not '" + path + "'");
    }
}
