package dev.orderflow.webhooks.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Names to addresses: the system's resolver in production; tests map their own names without DNS. */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
