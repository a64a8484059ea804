package dev.orderflow.webhooks.ssrf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Server-side request forgery guard (OWASP SSRF prevention): an endpoint URL must be {@code https}
 * to a host whose every address is public. Loopback, private (RFC 1918), carrier-grade NAT,
 * link-local (with the cloud metadata address 169.254.169.254), unique-local, multicast,
 * unspecified, reserved and documentation addresses are refused, in every spelling the resolver
 * accepts, IPv4-mapped, -compatible and NAT64 IPv6 forms included. Only origins on the development
 * allow-list may be plain {@code http}, and to loopback.
 *
 * <p>{@link #check} runs at registration and before each attempt; {@link #addressesFor} is the
 * delivery client's resolver, so the addresses checked are the ones it connects to (no window in
 * which DNS could answer differently).
 */
@Component
public class UrlGuard {

    private final HostResolver resolver;
    private final List<URI> allowedOrigins;

    public UrlGuard(GuardProperties properties, HostResolver resolver) {
        this.resolver = resolver;
        this.allowedOrigins = properties.allowedOrigins().stream()
                .map(String::trim)
                .filter(origin -> !origin.isEmpty())
                .map(URI::create)
                .toList();
    }

    /** The URL, parsed, if an endpoint may have it; otherwise {@link UnsafeUrl} saying why. */
    public URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new UnsafeUrl(url + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new UnsafeUrl(url + ": only https URLs can receive webhooks");
        }
        if (uri.getHost() == null || uri.getRawAuthority() == null) {
            throw new UnsafeUrl(url + ": the URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UnsafeUrl(url + ": credentials in the URL are not accepted");
        }
        if (uri.getRawFragment() != null) {
            throw new UnsafeUrl(url + ": a fragment is never sent; leave it out");
        }
        boolean development = allowListed(uri);
        if (scheme.equals("http") && !development) {
            throw new UnsafeUrl(url + ": only https URLs can receive webhooks");
        }
        try {
            addresses(uri.getHost(), development);
        } catch (UnknownHostException e) {
            throw new UnsafeUrl(url + ": " + e.getMessage());
        }
        return uri;
    }

    /**
     * The addresses a connection to this host may use, all of them safe, or an {@link UnsafeAddress}
     * (an {@link UnknownHostException}, so HTTP clients treat it as a failed lookup).
     */
    public InetAddress[] addressesFor(String host) throws UnknownHostException {
        return addresses(host, allowedOrigins.stream().anyMatch(origin -> sameHost(origin, host)))
                .toArray(InetAddress[]::new);
    }

    private List<InetAddress> addresses(String host, boolean loopbackAllowed) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> found = resolver.resolve(name);
        if (found.isEmpty()) {
            throw new UnknownHostException(name + " has no address");
        }
        List<InetAddress> safe = new ArrayList<>();
        for (InetAddress address : found) {
            Optional<String> why = forbidden(address);
            if (why.isPresent() && !(loopbackAllowed && address.isLoopbackAddress())) {
                throw new UnsafeAddress(
                        "the host " + name + " resolves to " + address.getHostAddress() + ", " + why.get());
            }
            safe.add(address);
        }
        return safe;
    }

    private boolean allowListed(URI uri) {
        for (URI origin : allowedOrigins) {
            boolean port = origin.getPort() == -1 || origin.getPort() == effectivePort(uri);
            if (origin.getScheme().equalsIgnoreCase(uri.getScheme()) && sameHost(origin, uri.getHost()) && port) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameHost(URI origin, String host) {
        return origin.getHost() != null && origin.getHost().equalsIgnoreCase(host);
    }

    private static int effectivePort(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** Why a delivery must never connect to this address, if it must not. */
    static Optional<String> forbidden(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<Inet4Address> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return forbidden(embedded.get()).map(why -> why + " (inside an IPv6 address)");
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("a unique-local address");
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return Optional.of("a documentation address");
            }
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of(
                    address.getHostAddress().equals("169.254.169.254")
                            ? "the cloud metadata address"
                            : "a link-local address");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("a private address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        if (address instanceof Inet4Address v4) {
            return reservedIpv4(v4.getAddress());
        }
        return Optional.empty();
    }

    private static Optional<String> reservedIpv4(byte[] a) {
        int first = a[0] & 0xff;
        int second = a[1] & 0xff;
        int third = a[2] & 0xff;
        if (first == 0) {
            return Optional.of("a reserved address (0.0.0.0/8)");
        }
        if (first == 100 && second >= 64 && second <= 127) {
            return Optional.of("a carrier-grade NAT address"); // RFC 6598, with Alibaba's metadata
        }
        if (first == 192 && second == 0 && (third == 0 || third == 2)) {
            return Optional.of("a reserved address");
        }
        if (first == 198 && (second == 18 || second == 19)) {
            return Optional.of("a benchmarking address");
        }
        if ((first == 198 && second == 51 && third == 100) || (first == 203 && second == 0 && third == 113)) {
            return Optional.of("a documentation address");
        }
        if (first >= 240) {
            return Optional.of("a reserved address (240.0.0.0/4)");
        }
        return Optional.empty();
    }

    /** ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible) and 64:ff9b::a.b.c.d (NAT64, RFC 6052). */
    private static Optional<Inet4Address> embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        boolean nat64 =
                (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (!(mapped || compatible || nat64)) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A name that resolves to an address deliveries must not reach. */
    public static class UnsafeAddress extends UnknownHostException {
        UnsafeAddress(String message) {
            super(message);
        }
    }
}
