package dev.orderflow.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * One service of the platform as the launcher runs it: its own JVM, from its own jar, on its port.
 *
 * @param readinessPath an HTTP path that answers 200 once the service can take traffic
 * @param summary what a newcomer finds there, printed next to its URL
 */
record ServiceSpec(
        String name, Path jar, int port, String readinessPath, Map<String, String> environment, String summary) {

    String url() {
        return "http://localhost:" + port;
    }
}
