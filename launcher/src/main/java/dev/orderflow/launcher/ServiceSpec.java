package dev.orderflow.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One service of the platform as the launcher runs it: its own JVM, from its own jar, on its port.
 *
 * @param readinessPath an HTTP path that answers 200 once the service can take traffic
 * @param summary what a newcomer finds there, printed next to its URL
 * @param maxHeap the JVM's -Xmx
 * @param mainClass {@code null} to run the jar; otherwise the class to run with the jar as class path
 *     (the embedded Kafka broker, from the launcher's own jar)
 */
record ServiceSpec(
        String name,
        Path jar,
        int port,
        String readinessPath,
        Map<String, String> environment,
        String summary,
        String maxHeap,
        String mainClass) {

    ServiceSpec(
            String name,
            Path jar,
            int port,
            String readinessPath,
            Map<String, String> environment,
            String summary,
            String maxHeap) {
        this(name, jar, port, readinessPath, environment, summary, maxHeap, null);
    }

    /** Ready once it answers HTTP 200 on {@link #readinessPath()}; without one, once its port accepts connections. */
    boolean httpReadiness() {
        return readinessPath != null;
    }

    /** The same service with these variables added to its environment. */
    ServiceSpec withEnvironment(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        var merged = new java.util.LinkedHashMap<>(environment);
        merged.putAll(extra);
        return new ServiceSpec(name, jar, port, readinessPath, merged, summary, maxHeap, mainClass);
    }

    /** Where clients find it: its HTTP base URL, or {@code host:port} for Kafka. */
    String url() {
        return httpReadiness() ? "http://localhost:" + port : "127.0.0.1:" + port;
    }

    /** Every port the service listens on (HTTP, and gRPC where it has it), checked free before start. */
    List<Integer> ports() {
        var ports = new ArrayList<Integer>();
        ports.add(port);
        environment.forEach((name, value) -> {
            if (name.endsWith("_PORT") && name.startsWith("ORDERFLOW_" + this.name.toUpperCase())) {
                int other = Integer.parseInt(value);
                if (!ports.contains(other)) {
                    ports.add(other);
                }
            }
        });
        return ports;
    }
}
