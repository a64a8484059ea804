package dev.orderflow.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class CorrelationIdFilterTest {

    private final CorrelationIdFilter filter = new CorrelationIdFilter();

    @Test
    void echoesAnAcceptableIdAndLogsWithIt() throws Exception {
        var request = new MockHttpServletRequest("GET", "/api/orders");
        request.addHeader("X-Correlation-Id", "abc-123");
        var response = new MockHttpServletResponse();
        var logged = new AtomicReference<String>();

        filter.doFilter(request, response, new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) {
                logged.set(MDC.get(CorrelationIdFilter.MDC_KEY));
            }
        }));

        assertThat(response.getHeader("X-Correlation-Id")).isEqualTo("abc-123");
        assertThat(logged.get()).isEqualTo("abc-123");
        assertThat(MDC.get(CorrelationIdFilter.MDC_KEY)).isNull();
    }

    @Test
    void replacesAnIdThatCouldForgeLogLines() throws Exception {
        var request = new MockHttpServletRequest("GET", "/api/orders");
        request.addHeader("X-Correlation-Id", "x\n{\"level\":\"ERROR\"}");
        var response = new MockHttpServletResponse();

        filter.doFilter(request, response, new MockFilterChain());

        assertThat(response.getHeader("X-Correlation-Id")).matches("[0-9a-f-]{36}");
    }

    @Test
    void namesBeanPropertiesAsTheSnakeCaseJsonFields() {
        assertThat(JsonPaths.snakeCase("shippingAddress.postalCode")).isEqualTo("shipping_address.postal_code");
        assertThat(JsonPaths.snakeCase("items[0].quantity")).isEqualTo("items[0].quantity");
    }
}
