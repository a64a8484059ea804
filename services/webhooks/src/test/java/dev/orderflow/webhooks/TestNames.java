package dev.orderflow.webhooks;

import dev.orderflow.webhooks.ssrf.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The resolver of tests: names map to the addresses a test gives them, literals are parsed, and
 * nothing is ever asked of DNS. {@code localhost} is loopback unless a test says otherwise.
 */
public final class TestNames implements HostResolver {

    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    private final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();

    public TestNames() {
        reset();
    }

    public void map(String name, String... addresses) {
        names.put(
                name.toLowerCase(),
                java.util.Arrays.stream(addresses).map(TestNames::literal).toList());
    }

    public void reset() {
        names.clear();
        map("localhost", "127.0.0.1");
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        if (LITERAL.matcher(host).matches()) {
            return List.of(literal(host));
        }
        List<InetAddress> found = names.get(host.toLowerCase());
        if (found == null) {
            throw new UnknownHostException(host + " (not a test name)");
        }
        return found;
    }

    /** Parses an IP literal; InetAddress.getByName never consults DNS for one. */
    private static InetAddress literal(String address) {
        if (!LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException(address + " is not an IP literal");
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
