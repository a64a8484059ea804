package dev.orderflow.orders.fulfilment;

import dev.orderflow.defaults.ProblemResponses;
import dev.orderflow.defaults.Problems;
import io.grpc.Context;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A caller's deadline, carried to inventory and shipping. A request may say how long its client will
 * wait in {@code Grpc-Timeout} (gRPC's own header and format, which HTTP-to-gRPC gateways such as
 * grpc-gateway and Envoy's transcoder read the same way: 1–8 digits and a unit H, M, S, m, u, n). The
 * request then runs in an {@link io.grpc.Context} with that deadline, and every gRPC call made for
 * it gets what is left of it (gRPC takes the earlier of the call's own deadline and the context's),
 * so the services behind orders stop working on a request whose client has given up.
 */
public class ClientDeadlineFilter extends OncePerRequestFilter {

    public static final String HEADER = "Grpc-Timeout";
    private static final Pattern TIMEOUT = Pattern.compile("([0-9]{1,8})([HMSmun])");
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(task -> {
        var thread = new Thread(task, "client-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private final ProblemResponses problems;

    public ClientDeadlineFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HEADER);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        Matcher matcher = TIMEOUT.matcher(header.trim());
        if (!matcher.matches()) {
            problems.write(
                    response,
                    Problems.of(
                            HttpStatus.BAD_REQUEST,
                            "invalid-grpc-timeout",
                            "Invalid Grpc-Timeout",
                            "Grpc-Timeout is 1 to 8 digits and a unit (H, M, S, m, u or n), e.g. 800m."));
            return;
        }
        long nanos = unit(matcher.group(2)).toNanos(Long.parseLong(matcher.group(1)));
        Context.CancellableContext withDeadline =
                Context.current().withDeadlineAfter(nanos, TimeUnit.NANOSECONDS, DEADLINES);
        Context previous = withDeadline.attach();
        try {
            chain.doFilter(request, response);
        } finally {
            withDeadline.detach(previous);
            withDeadline.cancel(null);
        }
    }

    private static TimeUnit unit(String unit) {
        return switch (unit) {
            case "H" -> TimeUnit.HOURS;
            case "M" -> TimeUnit.MINUTES;
            case "S" -> TimeUnit.SECONDS;
            case "m" -> TimeUnit.MILLISECONDS;
            case "u" -> TimeUnit.MICROSECONDS;
            default -> TimeUnit.NANOSECONDS;
        };
    }

    /** Has the caller's deadline, if it gave one, passed? (False when it gave none.) */
    public static boolean passed() {
        var deadline = Context.current().getDeadline();
        return deadline != null && deadline.isExpired();
    }
}
