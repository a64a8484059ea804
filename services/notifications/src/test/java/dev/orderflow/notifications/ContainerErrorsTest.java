package dev.orderflow.notifications;

import dev.orderflow.testing.ContainerErrors;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Requests Tomcat refuses before the application sees them are problems here too. */
class ContainerErrorsTest extends NotificationsTestSupport {

    @Test
    void answersOversizedHeadersAndEncodedSlashesAsProblems() {
        ContainerErrors.assertAnsweredAsProblems(URI.create("http://127.0.0.1:" + port), "/api/events");
    }
}
