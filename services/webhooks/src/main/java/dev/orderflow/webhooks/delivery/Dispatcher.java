package dev.orderflow.webhooks.delivery;

import dev.orderflow.defaults.tracing.TraceContexts;
import dev.orderflow.webhooks.endpoint.Endpoint;
import dev.orderflow.webhooks.endpoint.Endpoints;
import dev.orderflow.webhooks.message.Messages;
import dev.orderflow.webhooks.signing.Signatures;
import dev.orderflow.webhooks.ssrf.UnsafeUrl;
import dev.orderflow.webhooks.ssrf.UrlGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries. The deliveries table is the queue: a poll (and every newly stored message)
 * leases what is due, each attempt runs on its own virtual thread, and its result is written in
 * one transaction with what it causes (the next attempt's time, a disabled endpoint, an operational
 * event). Caps: {@code perEndpoint} attempts at once to one endpoint and {@code concurrency} in all,
 * so endpoints that hang hold only their own slots. A lease outlives the attempt's deadline; if this
 * process dies mid-attempt, the lease runs out and the message is sent again with the same
 * {@code webhook-id} (at least once).
 */
@Component
public class Dispatcher implements SchedulingConfigurer, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Deliveries deliveries;
    private final TraceContexts traces;
    private final Endpoints endpoints;
    private final Messages messages;
    private final OperationalEvents operational;
    private final Signatures signatures;
    private final UrlGuard guard;
    private final Sender sender;
    private final RetrySchedule schedule;
    private final DeliveryProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final ExecutorService attempts = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("webhook-attempt-", 0).factory());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> perEndpoint = new ConcurrentHashMap<>();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopping;

    Dispatcher(
            Deliveries deliveries,
            Endpoints endpoints,
            Messages messages,
            OperationalEvents operational,
            Signatures signatures,
            UrlGuard guard,
            SenderFactory senders,
            DeliveryProperties properties,
            Clock clock,
            TransactionTemplate transactions,
            MeterRegistry meters,
            TraceContexts traces) {
        this.traces = traces;
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.messages = messages;
        this.operational = operational;
        this.signatures = signatures;
        this.guard = guard;
        this.sender = senders.create(properties, guard);
        this.schedule =
                new RetrySchedule(properties, () -> ThreadLocalRandom.current().nextDouble());
        this.properties = properties;
        this.clock = clock;
        this.transactions = transactions;
        this.meters = meters;
        meters.gauge("webhooks.attempts.in.flight", inFlight);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::dispatchDue, properties.pollInterval());
    }

    /** New messages are sent at once, not at the next poll. */
    @TransactionalEventListener(fallbackExecution = true)
    void onStored(Messages.Stored stored) {
        if (!stopping) {
            attempts.execute(this::dispatchDue);
        }
    }

    /** Leases and starts every due delivery there is room for. */
    public void dispatchDue() {
        requested.set(true);
        // One pass at a time; a call during a pass makes it run once more, so nothing is missed.
        while (!stopping && requested.get() && running.compareAndSet(false, true)) {
            try {
                while (!stopping && requested.getAndSet(false)) {
                    pass();
                }
            } finally {
                running.set(false);
            }
        }
    }

    private void pass() {
        while (!stopping) {
            int room = properties.concurrency() - inFlight.get();
            if (room <= 0) {
                return;
            }
            Instant now = clock.instant();
            Set<String> saturated = perEndpoint.entrySet().stream()
                    .filter(entry -> entry.getValue().get() >= properties.perEndpoint())
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            List<Deliveries.Due> due = deliveries.due(now, room, saturated);
            int started = 0;
            for (Deliveries.Due delivery : due) {
                if (start(delivery, now)) {
                    started++;
                }
            }
            if (started == 0 || due.size() < room) {
                return;
            }
        }
    }

    private boolean start(Deliveries.Due delivery, Instant now) {
        AtomicInteger endpointSlots = perEndpoint.computeIfAbsent(delivery.endpointId(), id -> new AtomicInteger());
        if (endpointSlots.get() >= properties.perEndpoint()
                || !deliveries.lease(
                        delivery.seq(), now, now.plus(properties.timeout()).plus(properties.leaseMargin()))) {
            return false;
        }
        endpointSlots.incrementAndGet();
        inFlight.incrementAndGet();
        attempts.execute(() -> {
            try {
                attempt(delivery);
            } catch (RuntimeException e) {
                log.warn(
                        "Attempt of {} to {} failed to run; it is made again once its lease runs out",
                        delivery.messageId(),
                        delivery.endpointId(),
                        e);
            } finally {
                endpointSlots.decrementAndGet();
                inFlight.decrementAndGet();
                if (!stopping) {
                    attempts.execute(this::dispatchDue); // a slot is free
                }
            }
        });
        return true;
    }

    private void attempt(Deliveries.Due leased) {
        Optional<Endpoint> found = endpoints.find(leased.endpointId());
        if (found.isEmpty()) {
            return; // deleted meanwhile, with its deliveries
        }
        if (!found.get().enabled()) {
            deliveries.failed(leased.seq()); // disabled meanwhile: nothing is sent
            return;
        }
        Endpoint endpoint = found.get();
        Deliveries.Due due = deliveries.withMessage(leased);
        Instant at = clock.instant();
        Sender.Outcome outcome;
        // In the trace of the order change that caused the message.
        Map<String, String> headers = new LinkedHashMap<>(headers(endpoint, due, at));
        try (var call = traces.callLater("merchant webhook", due.traceParent(), "merchant", headers::put)) {
            URI url = guard.check(endpoint.url()); // again: DNS may have changed since registration
            outcome = sender.send(url, headers, due.payload());
            if (outcome.status() != null) {
                call.status(outcome.status());
            } else {
                call.failed(outcome.error());
            }
        } catch (UnsafeUrl e) {
            outcome = new Sender.Outcome(null, "unsafe-url: " + e.getMessage(), Duration.ZERO, null, Optional.empty());
        }
        if (stopping && outcome.status() == null) {
            // Our own shutdown cut the attempt short: not the endpoint's failure. Nothing is
            // recorded; the lease runs out and the message goes again (same webhook-id). An
            // answer that did arrive is recorded as usual.
            return;
        }
        Sender.Outcome result = outcome;
        Timer.builder("webhooks.attempts")
                .tag(
                        "outcome",
                        result.succeeded() ? "success" : result.status() != null ? "http_" + result.status() : "error")
                .register(meters)
                .record(result.latency());
        transactions.executeWithoutResult(tx -> settle(endpoint, due, at, result));
    }

    private Map<String, String> headers(Endpoint endpoint, Deliveries.Due due, Instant at) {
        long timestamp = at.getEpochSecond();
        String signature = endpoint.scheme().equals("v1a")
                ? signatures.v1a(due.messageId(), timestamp, due.payload())
                : signatures.v1(endpoints.secrets(endpoint.id(), at), due.messageId(), timestamp, due.payload());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", due.messageId()); // Standard Webhooks: the same on every retry
        headers.put("webhook-timestamp", String.valueOf(timestamp));
        headers.put("webhook-signature", signature);
        return headers;
    }

    /** What the attempt leaves, in one transaction. */
    private void settle(Endpoint endpoint, Deliveries.Due due, Instant at, Sender.Outcome outcome) {
        int attemptsMade = due.attempts() + 1;
        if (outcome.succeeded()) {
            if (deliveries.attempted(due, at, outcome, "DELIVERED", due.step() + 1, null)) {
                endpoints.succeeded(endpoint.id());
            }
            return;
        }
        if (outcome.status() != null && outcome.status() == 410) {
            if (deliveries.attempted(due, at, outcome, "FAILED", due.step() + 1, null)) {
                disable(endpoint, "gone", null, at);
            }
            return;
        }
        Optional<Duration> wait = schedule.next(due.step() + 1, outcome.retryAfter());
        boolean recorded = deliveries.attempted(
                due,
                at,
                outcome,
                wait.isPresent() ? "PENDING" : "FAILED",
                due.step() + 1,
                wait.map(at::plus).orElse(null));
        if (!recorded) {
            return; // the endpoint was deleted meanwhile
        }
        if (wait.isEmpty()) {
            operational.attemptsExhausted(endpoint, due, attemptsMade, outcome.status(), at);
        }
        Instant failingSince = endpoints.failed(endpoint.id(), at);
        if (!failingSince.plus(properties.disableAfter()).isAfter(at)) {
            disable(endpoint, "failing", failingSince, at);
        }
    }

    private void disable(Endpoint endpoint, String reason, Instant failingSince, Instant at) {
        if (endpoints.disable(endpoint.id(), reason, at)) {
            messages.failPending(endpoint.id());
            operational.endpointDisabled(endpoint, reason, failingSince, at);
            log.info("Disabled webhook endpoint {} ({}): {}", endpoint.id(), endpoint.url(), reason);
        }
    }

    /** Attempts in flight now (this instance). */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void destroy() throws Exception {
        stopping = true;
        attempts.shutdownNow(); // interrupted attempts keep their lease: made again after it runs out
        sender.close();
    }
}
