package dev.orderflow.analytics;

import dev.orderflow.testing.TestKafka;
import dev.orderflow.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.ChainListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analytics service on a random port with its real configuration, H2 in memory, the test JVM's
 * Kafka broker and tokens signed by {@link TestTokens}; its DataSource counts the SQL statements it
 * runs (datasource-proxy), so tests can say how many a query took.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:analytics;DB_CLOSE_DELAY=-1",
            "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
            "spring.graphql.schema.introspection.enabled=true"
        })
@Import(AnalyticsTestSupport.CountedSql.class)
public abstract class AnalyticsTestSupport {

    protected static final TestTokens tokens = new TestTokens();
    protected static final JsonMapper json = JsonMapper.builder().build();
    private static final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        // The topic exists before the service starts, as orders (its owner) declares it in production.
        TestKafka.declareTopic(TestKafka.bootstrapServers(), "orderflow.order-events", 6);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", tokens::jwkSetUri);
        registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
    }

    /**
     * Statements run to answer requests: on any thread of the server (not only the test's), except
     * the two Kafka consumers', which apply and announce events in the background whenever they come.
     */
    private static final AtomicLong counted = new AtomicLong();

    @AfterAll
    static void stopCounting() {
        counted.set(0);
    }

    /** Every statement the service's DataSource runs, counted (reset with {@link #statements()} first). */
    @TestConfiguration(proxyBeanMethods = false)
    static class CountedSql {
        @Bean
        static BeanPostProcessor countStatements() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof javax.sql.DataSource dataSource
                            && !(bean instanceof net.ttddyy.dsproxy.support.ProxyDataSource)) {
                        var listeners = new ChainListener();
                        listeners.addListener(new QueryExecutionListener() {
                            @Override
                            public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {}

                            @Override
                            public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
                                String thread = Thread.currentThread().getName();
                                if (!thread.startsWith("orderEventsListener")
                                        && !thread.startsWith("liveChangesListener")) {
                                    counted.addAndGet(Math.max(1, queries.size()));
                                }
                            }
                        });
                        return ProxyDataSourceBuilder.create(dataSource)
                                .name("analytics")
                                .listener(listeners)
                                .build();
                    }
                    return bean;
                }
            };
        }
    }

    /** Ready (the live feed of subscriptions holds its partitions) before each test. */
    @org.junit.jupiter.api.BeforeEach
    void ready() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        });
    }

    /** Statements run by the service since the counter was last reset. */
    protected static long statements() {
        return counted.get();
    }

    protected static void resetStatements() {
        counted.set(0);
    }

    /** A dashboard's token: client credentials with the given scopes, for analytics. */
    protected static String dashboard(String... scopes) {
        return tokens.sign(tokens.claims(
                "analytics-dashboard",
                "analytics-dashboard",
                null,
                "orderflow-analytics",
                Duration.ofMinutes(10),
                scopes));
    }

    protected record Answer(int status, JsonNode body) {
        JsonNode data() {
            return body.path("data");
        }

        JsonNode errors() {
            return body.path("errors");
        }

        String code() {
            return errors().path(0).path("extensions").path("code").asString();
        }
    }

    /** A GraphQL request over HTTP, as any client sends it. */
    protected Answer graphql(String token, String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        if (variables != null) {
            body.put("variables", variables);
        }
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/graphql-response+json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected Answer graphql(String query) {
        return graphql(dashboard("analytics:read"), query, null);
    }
}
