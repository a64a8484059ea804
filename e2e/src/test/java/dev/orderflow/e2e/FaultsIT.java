package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.sdk.Endpoints;
import dev.orderflow.sdk.Orderflow;
import dev.orderflow.sdk.live.OrderEvent;
import dev.orderflow.sdk.rest.Models;
import dev.orderflow.sdk.rest.Orders;
import dev.orderflow.sdk.stream.Listener;
import dev.orderflow.sdk.stream.Subscription;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The platform's promises under real faults: service processes of a real {@code ./orderflow up} are
 * killed with SIGKILL (no shutdown hook, no graceful stop), the launcher starts them again, and the
 * clients — retrying as real clients do — must find nothing lost and nothing done twice.
 *
 * <p>Sizes: the short variant runs in {@code ./mvnw verify}; {@code -Dfaults.long=true} runs the
 * long one (README, "Faults"). Every random choice comes from one seed, printed, and settable with
 * {@code -Dfaults.seed=N} to replay a run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(FaultsPlatform.Resolver.class)
class FaultsIT {

    private static final boolean LONG = Boolean.getBoolean("faults.long");
    private static final int KEYS = 200;
    private static final int KILLS_OF_ORDERS = LONG ? 20 : 2;
    private static final int PAID_ORDERS = LONG ? 100 : 20;
    private static final int KILLS_PER_PHASE = LONG ? 5 : 1;
    private static final int BROKER_KILLS = LONG ? 12 : 2;
    private static final Duration BROKER_KILL_INTERVAL = Duration.ofSeconds(LONG ? 30 : 10);
    private static final int BROKER_RUN_EVENTS = Integer.getInteger("faults.events", LONG ? 100_000 : 1_000);
    private static final Duration RESTART = Duration.ofMinutes(4);
    private static final Pattern LOCATION = Pattern.compile("(?im)^Location: \\S*/api/orders/(\\S+)\\s*$");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final long seed = Long.getLong("faults.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private LaunchedPlatform platform;
    private Orderflow sdk;
    private OrderEventsTopic topic;

    @BeforeAll
    void startPlatform(FaultsPlatform faults) {
        System.out.printf(
                "FaultsIT: %s variant, seed %d (-Dfaults.seed=%d replays it)%n", LONG ? "long" : "short", seed, seed);
        platform = faults.platform;
        sdk = Orderflow.builder()
                .endpoints(Endpoints.fromEnvironment(platform.clientEnvironment()))
                .clientCredentials("orderflow-cli", "orderflow-cli-secret")
                .publishableKey("pk_test_orderflow_embedded_demo_key")
                .build();
    }

    private final List<java.util.concurrent.Future<?>> killers = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterAll
    void closeClients() {
        if (sdk != null) {
            sdk.close();
        }
        if (topic != null) {
            topic.close();
        }
    }

    /** The topic, read from its first offset once for the whole class: each read continues the last. */
    private OrderEventsTopic topic() {
        if (topic == null) {
            topic = new OrderEventsTopic(platform.kafkaPort);
        }
        return topic;
    }

    /**
     * 200 orders, each placed by a client that retries with its {@code Idempotency-Key} until it has
     * an answer, while orders is killed: some kills exactly after an order was committed and before
     * its answer left (the answer is cut on its way), others at a random moment after a request was
     * sent. Then: one order per key, every cut-off order is the one its key's retry was answered
     * with, and every order's events are on the topic with their per-order sequence intact.
     */
    @Test
    @Order(1)
    void ordersKilledAfterCommittingAndBeforeAnsweringPlacesExactlyOneOrderPerKey() throws Exception {
        // Tokens live 10 minutes and the long run takes longer: a 401 gets a new one, as clients do.
        var token = new java.util.concurrent.atomic.AtomicReference<>(partnerToken());
        String customer = "faults-" + UUID.randomUUID();
        List<Integer> keysToKillAt =
                random.ints(0, KEYS).distinct().limit(KILLS_OF_ORDERS).boxed().toList();
        Set<Integer> cutAt = new HashSet<>();
        // The first kill right after a commit, the second at a random moment (so the short run has
        // one of each), the others either: two in three right after a commit.
        keysToKillAt.stream()
                .filter(i ->
                        i.equals(keysToKillAt.getFirst()) || (!i.equals(keysToKillAt.get(1)) && random.nextInt(3) > 0))
                .forEach(cutAt::add);
        var kills = new CopyOnWriteArrayList<Long>();
        var issued = new AtomicInteger();
        var answers = new ConcurrentHashMap<String, Answer>();
        var timedKills = Executors.newSingleThreadScheduledExecutor();

        try (var proxy = new CutAnswerProxy(platform.ordersPort);
                var workers = Executors.newFixedThreadPool(4)) {
            URI orders = URI.create("http://127.0.0.1:" + proxy.port() + "/api/orders");
            var next = new AtomicInteger();
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                running.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < KEYS; i = next.getAndIncrement()) {
                        String key = "faults-key-" + i;
                        if (keysToKillAt.contains(i)) {
                            killOrdersSoon(proxy, cutAt.contains(i), kills, issued, timedKills);
                        }
                        answers.put(key, placeUntilAnswered(orders, token, key, body(customer, i)));
                    }
                    return null;
                }));
            }
            for (var worker : running) {
                worker.get(30, TimeUnit.MINUTES); // a failed assertion in a worker fails the test here
            }
            timedKills.shutdown();

            assertThat(answers).hasSize(KEYS);
            Set<String> ids = answers.values().stream().map(Answer::orderId).collect(Collectors.toSet());
            assertThat(ids).as("one order per key").hasSize(KEYS);
            List<String> listed = sdk.orders().list(Orders.Query.all().limit(100)).stream()
                    .filter(order -> customer.equals(order.customerId()))
                    .map(Models.Order::id)
                    .toList();
            assertThat(listed).as("orders that exist for this customer").hasSize(KEYS);
            assertThat(Set.copyOf(listed)).isEqualTo(ids);

            List<String> cutOrders = proxy.cutAnswers().stream()
                    .filter(answer -> answer.startsWith("HTTP/1.1 201") && !answer.contains("Idempotency-Replayed"))
                    .map(FaultsIT::location)
                    .toList();
            assertThat(cutOrders)
                    .as("every order committed before its answer was cut is the order its key got on retry")
                    .isNotEmpty()
                    .allSatisfy(id -> assertThat(ids).contains(id));
            long replayedAfterLoss = answers.values().stream()
                    .filter(a -> a.lostAnswers() > 0 && a.replayed())
                    .count();
            System.out.printf(
                    "FaultsIT orders: %d keys, %d kills of orders (pids %s), %d answers cut after the commit, "
                            + "%d keys answered by a replay after a lost answer, %d attempts in all%n",
                    KEYS,
                    kills.size(),
                    kills,
                    cutOrders.size(),
                    replayedAfterLoss,
                    answers.values().stream().mapToInt(Answer::attempts).sum());
            assertThat(kills).hasSize(KILLS_OF_ORDERS);
            assertThat(replayedAfterLoss).isGreaterThanOrEqualTo(cutOrders.size());

            assertEveryOrderOnTheTopicInSequence(ids);
        }
    }

    /**
     * WebSocket and SSE clients (the SDK's) stay subscribed while notifications is killed; orders
     * placed while it is down reach them after the launcher started it again, from where they were.
     */
    @Test
    @Order(2)
    void notificationsKilledWhileClientsAreConnectedLosesNoEventForThemAfterTheyResume() throws Exception {
        String token = partnerToken();
        String customer = "faults-live-" + UUID.randomUUID();
        var ws = new CopyOnWriteArrayList<OrderEvent>();
        var sse = new CopyOnWriteArrayList<OrderEvent>();
        var connected = new CountDownLatch(2);
        var reconnectCauses = new CopyOnWriteArrayList<String>();
        try (Subscription socket =
                        sdk.events().websocket(null, null, collecting("ws", ws, connected, reconnectCauses));
                Subscription stream =
                        sdk.events().sse(null, null, collecting("sse", sse, connected, reconnectCauses))) {
            assertThat(connected.await(30, TimeUnit.SECONDS))
                    .as("both subscriptions connected; reconnects so far: %s", reconnectCauses)
                    .isTrue();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(placeDirect(token, customer, i));
            }
            awaitPlacedEvents(ws, sse, ids);

            long killed = kill9("notifications");
            for (int i = 10; i < 20; i++) {
                ids.add(placeDirect(token, customer, i)); // while notifications is down
            }
            platform.awaitRestarted("notifications", killed, RESTART);
            awaitPlacedEvents(ws, sse, ids);

            for (var received : List.of(ws, sse)) {
                Map<String, List<Long>> sequences = received.stream()
                        .filter(e -> ids.contains(e.orderId()))
                        .collect(Collectors.groupingBy(
                                OrderEvent::orderId,
                                LinkedHashMap::new,
                                Collectors.mapping(OrderEvent::sequence, Collectors.toList())));
                assertThat(sequences.keySet()).containsExactlyInAnyOrderElementsOf(ids);
                sequences.forEach((order, seen) -> assertThat(seen)
                        .as("order %s: each event once, in order, from the first", order)
                        .isEqualTo(oneTo(seen.size())));
            }
            assertThat(reconnectCauses).as("both clients had to reconnect").hasSizeGreaterThanOrEqualTo(2);
        }
    }

    /**
     * Orders paid at the provider and then refunded in full while orders is killed again and again:
     * the provider's webhooks land in orders' inbox while it restarts, the pending-refund job calls
     * the bank over SOAP around the kills. Every payment is applied once (one {@code paid} event per
     * order), every refund reaches the bank once (the bank's own ledger, read with zeep), for the
     * whole amount, and settles.
     */
    @Test
    @Order(3)
    void paymentsAndRefundsUnderKillsOfOrdersAreAppliedOnceAndSentToTheBankOnce() throws Exception {
        Instant start = Instant.now().minusSeconds(60);
        List<Models.Order> placed = new ArrayList<>();
        for (int i = 0; i < PAID_ORDERS; i++) {
            placed.add(sdk.orders()
                    .place(new Models.PlaceOrder(
                            "faults-paid",
                            List.of(new Models.Line("HOM-%03d".formatted(i % 10 + 1), 1)),
                            new Models.Address("Faults", "1 Test Road", "Lyon", "69001", "FR"))));
        }
        List<Models.Payment> payments = new ArrayList<>();
        for (var order : placed) {
            payments.add(await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> sdk.orders().get(order.id()).value().payment(),
                            p -> p != null && p.clientSecret() != null));
        }

        var killer = killOrdersWhile(KILLS_PER_PHASE);
        for (var payment : payments) {
            sdk.payments()
                    .confirm(payment.intentId(), payment.clientSecret(), "pm_card_visa"); // the provider, not orders
        }
        awaitKills(killer);
        for (var order : placed) {
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> sdk.orders().get(order.id()).value().status(), s -> !s.equals("AWAITING_PAYMENT"));
        }

        killer = killOrdersWhile(KILLS_PER_PHASE);
        Map<String, String> refundIds = new LinkedHashMap<>();
        for (var order : placed) {
            String key = "faults-refund-" + order.id();
            refundIds.put(
                    order.id(),
                    untilAnswered(() -> sdk.orders().refund(order.id(), new Models.RefundRequest(null, "faults"), key))
                            .id());
        }
        awaitKills(killer);
        for (var order : placed) {
            await().atMost(Duration.ofMinutes(3)).until(() -> sdk.orders().refunds(order.id()), r -> r.stream()
                    .allMatch(x -> x.status().equals("REFUNDED")));
        }

        Map<String, List<OrderEventsTopic.Event>> onTheTopic = topic().readToEnd();
        for (var order : placed) {
            assertThat(onTheTopic.get(order.id()).stream()
                            .filter(e -> e.type().equals("dev.orderflow.order.paid"))
                            .map(OrderEventsTopic.Event::sequence)
                            .distinct())
                    .as("order %s paid once", order.id())
                    .hasSize(1);
            var refunds = sdk.orders().refunds(order.id());
            assertThat(refunds).as("one refund of order %s", order.id()).hasSize(1);
            assertThat(refunds.getFirst().id()).isEqualTo(refundIds.get(order.id()));
        }
        Map<String, List<JsonNode>> ledger = bankLedger(start, Instant.now().plusSeconds(60));
        for (int i = 0; i < placed.size(); i++) {
            var order = placed.get(i);
            List<JsonNode> atTheBank = ledger.getOrDefault(payments.get(i).intentId(), List.of());
            assertThat(atTheBank)
                    .as("refunds the bank holds for order %s", order.id())
                    .hasSize(1);
            assertThat(atTheBank.getFirst().get("refund_id").asText()).isEqualTo(refundIds.get(order.id()));
            assertThat(atTheBank.getFirst().get("amount").asLong())
                    .isEqualTo(order.total().amountMinor());
            assertThat(atTheBank.getFirst().get("status").asText()).isEqualTo("SETTLED");
        }
        System.out.printf(
                "FaultsIT payments: %d orders paid and refunded, %d kills of orders while paying and %d while refunding%n",
                placed.size(), KILLS_PER_PHASE, KILLS_PER_PHASE);
    }

    /**
     * Kills orders {@code kills} times on a thread of its own, each at a random moment within 3 s after
     * the previous restart, while the caller goes on with its work.
     */
    private java.util.concurrent.Future<?> killOrdersWhile(int kills) {
        var thread = Executors.newSingleThreadScheduledExecutor();
        var done = new java.util.concurrent.CompletableFuture<Void>();
        Runnable[] next = new Runnable[1];
        var left = new AtomicInteger(kills);
        next[0] = () -> {
            try {
                long pid = kill9("orders");
                platform.awaitRestarted("orders", pid, RESTART);
                if (left.decrementAndGet() > 0) {
                    thread.schedule(next[0], randomMillis(3000), TimeUnit.MILLISECONDS);
                } else {
                    done.complete(null);
                }
            } catch (Throwable failed) {
                done.completeExceptionally(failed);
            }
        };
        thread.schedule(next[0], randomMillis(3000), TimeUnit.MILLISECONDS);
        done.whenComplete((ok, failed) -> thread.shutdownNow()); // a kill scheduled next does not run
        killers.add(done);
        return done;
    }

    /**
     * A test that failed while its kill loop ran leaves no loop behind: the loop is stopped and
     * orders is awaited, so the next test does not meet a service still being killed.
     */
    @AfterEach
    void stopKillLoops() {
        boolean stopped = false;
        for (var killer : killers) {
            stopped |= killer.cancel(true);
        }
        killers.clear();
        if (stopped) {
            await().atMost(RESTART)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> platform.supervised("orders").state().equals("ready"));
        }
    }

    private static void awaitKills(java.util.concurrent.Future<?> killer) throws Exception {
        killer.get(10, TimeUnit.MINUTES);
    }

    private int randomMillis(int bound) {
        synchronized (random) {
            return random.nextInt(bound);
        }
    }

    /**
     * A keyed call asked again, with its key, until it is answered: the SDK retries a lost
     * connection or a 503 a few times within a second or two; a restart takes longer, so a refused
     * connection, a 503, or a 409 "request in flight" (the first attempt's process was killed and
     * its key is held until the lease ends) is asked again here.
     */
    private static <T> T untilAnswered(java.util.concurrent.Callable<T> call) {
        return await().atMost(Duration.ofMinutes(3))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> {
                            try {
                                return call.call();
                            } catch (dev.orderflow.sdk.ProblemException.Conflict inFlight) {
                                assertThat(inFlight.code()).isEqualTo("idempotency-request-in-flight");
                                return null;
                            } catch (dev.orderflow.sdk.ProblemException.Unavailable down) {
                                return null;
                            } catch (dev.orderflow.sdk.OrderflowException failed) {
                                // the SDK's few quick retries all fell inside the restart: still down
                                assertThat(failed).hasRootCauseInstanceOf(java.io.IOException.class);
                                return null;
                            }
                        },
                        answer -> answer != null);
    }

    /** The bank's refunds in [from, to), by payment reference, from Debian's python3-zeep. */
    private Map<String, List<JsonNode>> bankLedger(Instant from, Instant to) throws Exception {
        Process zeep = new ProcessBuilder(
                        "/usr/bin/python3",
                        java.nio.file.Path.of("src/test/python/bank_ledger.py").toString(),
                        "http://localhost:" + platform.partnersPort + "/bank/ws?wsdl",
                        "orderflow-orders",
                        "orderflow-bank-secret",
                        from.toString(),
                        to.toString())
                .redirectErrorStream(true)
                .start();
        String printed = new String(zeep.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(zeep.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(zeep.exitValue()).as(printed).isZero();
        Map<String, List<JsonNode>> ledger = new LinkedHashMap<>();
        for (String line : printed.strip().split("\n")) {
            if (!line.isBlank()) {
                JsonNode refund = json.readTree(line);
                ledger.computeIfAbsent(refund.get("payment_reference").asText(), k -> new ArrayList<>())
                        .add(refund);
            }
        }
        return ledger;
    }

    /**
     * Every service of the embedded default and its Kafka broker killed with SIGKILL at once: the launcher starts each
     * again, {@code ./orderflow status} shows the restarts, an order placed before is intact and a
     * new order is placed and paid.
     */
    @Test
    @Order(4)
    void everyServiceKilledAtOnceHealsByItself() throws Exception {
        var before = sdk.orders()
                .place(new Models.PlaceOrder(
                        "faults-heal",
                        List.of(new Models.Line("STA-001", 1)),
                        new Models.Address("Faults", "1 Test Road", "Lyon", "69001", "FR")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sdk.orders().get(before.id()).value().payment() != null);
        Map<String, Long> killed = new LinkedHashMap<>();
        for (String service : platform.processes()) {
            killed.put(service, kill9(service));
        }
        Map<String, Integer> restartsBefore = new LinkedHashMap<>();

        killed.forEach((service, pid) -> {
            var restarted = platform.awaitRestarted(service, pid, Duration.ofMinutes(6));
            restartsBefore.put(service, restarted.restarts());
        });
        var status = platform.run("status");

        assertThat(status.exit()).as(status.output()).isZero();
        for (String service : platform.processes()) {
            assertThat(status.output())
                    .containsPattern(
                            "(?m)^  %-13s ready .* restarts [1-9]\\d* \\(last exit code 137\\)$".formatted(service));
        }
        assertThat(platform.printed()).contains("exited unexpectedly (code 137); restarting in");
        assertThat(sdk.orders().get(before.id()).value().status()).isEqualTo("AWAITING_PAYMENT");
        var after = sdk.orders()
                .place(new Models.PlaceOrder(
                        "faults-heal",
                        List.of(new Models.Line("STA-001", 1)),
                        new Models.Address("Faults", "1 Test Road", "Lyon", "69001", "FR")));
        var payment = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> sdk.orders().get(after.id()).value().payment(),
                        p -> p != null && p.clientSecret() != null);
        sdk.payments().confirm(payment.intentId(), payment.clientSecret(), "pm_card_visa");
        await().atMost(Duration.ofMinutes(2))
                .until(() -> sdk.orders().get(after.id()).value().status(), s -> !s.equals("AWAITING_PAYMENT"));
        assertThat(sdk.orders().get(after.id()).value().status()).isIn("PAID", "FULFILLING", "SHIPPED", "DELIVERED");
    }

    /**
     * Orders killed after committing orders and before Kafka acknowledged their events: the broker
     * is frozen (SIGSTOP) so nothing the relay sends can be acknowledged, orders are placed (their
     * events committed to the outbox), orders is killed, the broker thawed (SIGCONT). The restarted
     * orders publishes them: every order's events on the topic, in sequence.
     */
    @Test
    @Order(5)
    void ordersKilledBetweenTheCommitAndKafkasAcknowledgementPublishesEveryEventAfterItsRestart() throws Exception {
        String token = partnerToken();
        String customer = "faults-unpublished-" + UUID.randomUUID();
        long broker = platform.supervised("kafka").pid();
        Set<String> ids = new HashSet<>();
        long killed;
        LaunchedPlatform.signal("STOP", broker);
        try {
            for (int i = 0; i < 10; i++) {
                ids.add(placeDirect(token, customer, i));
            }
            killed = platform.kill9("orders");
        } finally {
            LaunchedPlatform.signal("CONT", broker);
        }
        platform.awaitRestarted("orders", killed, RESTART);

        assertEveryOrderOnTheTopicInSequence(ids);
    }

    /**
     * The Kafka broker killed (SIGKILL) every {@link #BROKER_KILL_INTERVAL} while clients place and
     * cancel orders — at least {@link #BROKER_RUN_EVENTS} events: none lost (each order's
     * cancellation is on the topic, with every sequence before it), first deliveries in sequence,
     * and analytics, which consumed every repeat, ends at each order's last sequence.
     */
    @Test
    @Order(6)
    void kafkaKilledAgainAndAgainWhileEventsAreProducedLosesNoneAndKeepsEachOrdersSequence() throws Exception {
        var token = new java.util.concurrent.atomic.AtomicReference<>(partnerToken());
        String customer = "faults-broker-" + UUID.randomUUID();
        Map<String, Long> cancelledAt = new ConcurrentHashMap<>();
        var kills = new CopyOnWriteArrayList<Long>();
        var killing = Executors.newSingleThreadScheduledExecutor();
        long started = System.nanoTime();
        var killer = new java.util.concurrent.CompletableFuture<Void>();
        // A kill, then the wait until the broker is back, then the interval before the next kill.
        killing.scheduleWithFixedDelay(
                () -> {
                    if (killer.isDone()) {
                        return;
                    }
                    try {
                        long pid = platform.kill9("kafka");
                        kills.add(pid);
                        platform.awaitRestarted("kafka", pid, RESTART);
                        if (kills.size() == BROKER_KILLS) {
                            killer.complete(null);
                        }
                    } catch (Throwable e) {
                        killer.completeExceptionally(e);
                    }
                },
                BROKER_KILL_INTERVAL.toMillis(),
                BROKER_KILL_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        var next = new AtomicInteger();
        try (var workers = Executors.newFixedThreadPool(4)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                running.add(workers.submit(() -> {
                    // Two events per order at least (placed, cancelled): go on until the events are
                    // made and the broker was killed as often as planned.
                    for (int i = next.getAndIncrement();
                            i * 2 < BROKER_RUN_EVENTS || !killer.isDone();
                            i = next.getAndIncrement()) {
                        String body = body(customer, i);
                        String id = placeUntilAnswered(
                                        platform.orders().resolve("/api/orders"), token, customer + "-" + i, body)
                                .orderId();
                        cancelledAt.put(id, cancelUntilAnswered(id, token));
                    }
                    return null;
                }));
            }
            for (var worker : running) {
                worker.get(LONG ? 120 : 20, TimeUnit.MINUTES);
            }
        } finally {
            killing.shutdownNow();
        }
        killer.get();
        System.out.printf(
                "FaultsIT broker: %d orders placed and cancelled in %.0f s, Kafka killed %d times (pids %s)%n",
                cancelledAt.size(), (System.nanoTime() - started) / 1e9, kills.size(), kills);
        assertThat(kills).hasSize(BROKER_KILLS);

        assertEveryOrderOnTheTopicInSequence(cancelledAt);
    }

    /** Cancels the order, asking again after a lost connection, 409 (in flight) or 503; returns its version. */
    private long cancelUntilAnswered(String id, java.util.concurrent.atomic.AtomicReference<String> token) {
        HttpResponse<String> cancelled = await().atMost(Duration.ofMinutes(5))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            try {
                                var response = http.send(
                                        HttpRequest.newBuilder(
                                                        platform.orders().resolve("/api/orders/" + id + "/cancel"))
                                                .timeout(Duration.ofSeconds(20))
                                                .header("Authorization", "Bearer " + token.get())
                                                .header("Content-Type", "application/json")
                                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                                assertThat(response.statusCode())
                                        .as("cancel %s: %s", id, response.body())
                                        .isIn(200, 401, 409, 503);
                                if (response.statusCode() == 401) {
                                    token.set(partnerToken());
                                }
                                if (response.statusCode() == 409) {
                                    // An earlier attempt whose answer was lost (a timeout) may have
                                    // cancelled it: cancel is no longer allowed, the order says so.
                                    var order = http.send(
                                            HttpRequest.newBuilder(
                                                            platform.orders().resolve("/api/orders/" + id))
                                                    .timeout(Duration.ofSeconds(20))
                                                    .header("Authorization", "Bearer " + token.get())
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString());
                                    if (order.statusCode() == 200
                                            && json.readTree(order.body())
                                                    .path("status")
                                                    .asText()
                                                    .equals("CANCELLED")) {
                                        return order;
                                    }
                                }
                                return response;
                            } catch (IOException e) {
                                return null;
                            }
                        },
                        response -> response != null && response.statusCode() == 200);
        // The cancellation's answer, or the cancelled order read after a lost answer: its version.
        return Long.parseLong(
                cancelled.headers().firstValue("ETag").orElseThrow().replaceAll("\\D", ""));
    }

    /**
     * Arms the next kill of orders, once the previous one happened and orders is back: at the next
     * answer's first byte ({@code afterCommit}), or at a random moment within 150 ms from now.
     */
    private void killOrdersSoon(
            CutAnswerProxy proxy,
            boolean afterCommit,
            List<Long> kills,
            AtomicInteger issued,
            java.util.concurrent.ScheduledExecutorService timer) {
        synchronized (issued) {
            await().atMost(RESTART).until(() -> kills.size() == issued.get());
            platform.awaitRestarted("orders", kills.isEmpty() ? -1 : kills.getLast(), RESTART);
            issued.incrementAndGet();
            if (afterCommit) {
                assertThat(proxy.arm(() -> kills.add(kill9("orders")))).isTrue();
            } else {
                int delay;
                synchronized (random) {
                    delay = random.nextInt(150);
                }
                timer.schedule(() -> kills.add(kill9("orders")), delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static List<Long> oneTo(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> (long) i).toList();
    }

    /** The answer a key finally got, and what it took. */
    record Answer(String orderId, boolean replayed, int attempts, int lostAnswers) {}

    /**
     * What a careful client does: the same key and body until there is an answer; a lost connection,
     * 503 (not ready yet) or 409 (the first attempt is still in flight, or was cut short by a kill
     * and holds the key until its lease ends) is asked again; anything else but 201 fails the test.
     */
    private Answer placeUntilAnswered(
            URI orders, java.util.concurrent.atomic.AtomicReference<String> token, String key, String body)
            throws IOException {
        var attempts = new AtomicInteger();
        var lost = new AtomicInteger();
        HttpResponse<String> created = await().atMost(Duration.ofMinutes(5))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            attempts.incrementAndGet();
                            try {
                                var response = http.send(
                                        HttpRequest.newBuilder(orders)
                                                .timeout(Duration.ofSeconds(20))
                                                .header("Authorization", "Bearer " + token.get())
                                                .header("Content-Type", "application/json")
                                                .header("Idempotency-Key", key)
                                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                                assertThat(response.statusCode())
                                        .as("%s: %s", key, response.body())
                                        .isIn(201, 401, 409, 503);
                                if (response.statusCode() == 401) {
                                    assertThat(response.body()).contains("expired");
                                    token.set(partnerToken());
                                }
                                return response;
                            } catch (IOException e) {
                                lost.incrementAndGet();
                                return null;
                            }
                        },
                        response -> response != null && response.statusCode() == 201);
        return new Answer(
                json.readTree(created.body()).get("id").asText(),
                created.headers().firstValue("Idempotency-Replayed").isPresent(),
                attempts.get(),
                lost.get());
    }

    private String placeDirect(String token, String customer, int i) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(platform.orders().resolve("/api/orders"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(body(customer, i)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body()).get("id").asText();
    }

    /** One unit of one of 40 products, so that no product runs out over 200 orders. */
    private String body(String customer, int i) throws Exception {
        String[] families = {"ACC", "BAG", "KIT", "HOM"};
        String sku = "%s-%03d".formatted(families[i % 4], (i / 4) % 10 + 1);
        return json.writeValueAsString(Map.of(
                "customer_id",
                customer,
                "items",
                List.of(Map.of("sku", sku, "quantity", 1)),
                "shipping_address",
                Map.of(
                        "name",
                        "Faults",
                        "line1",
                        "1 Test Road",
                        "city",
                        "Lyon",
                        "postal_code",
                        "69001",
                        "country",
                        "FR")));
    }

    private long kill9(String service) {
        try {
            return platform.kill9(service);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Listener<OrderEvent> collecting(
            String name, List<OrderEvent> into, CountDownLatch connected, List<String> reconnectCauses) {
        return new Listener<>() {
            @Override
            public void onItem(OrderEvent item) {
                into.add(item);
            }

            @Override
            public void onConnected() {
                connected.countDown();
            }

            @Override
            public void onReconnecting(Throwable cause, Duration wait) {
                reconnectCauses.add(
                        "%s at %s: %s, again in %d ms".formatted(name, Instant.now(), cause, wait.toMillis()));
            }
        };
    }

    private static void awaitPlacedEvents(List<OrderEvent> ws, List<OrderEvent> sse, List<String> ids) {
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            for (var received : List.of(ws, sse)) {
                assertThat(received.stream()
                                .filter(e -> e.sequence() == 1)
                                .map(OrderEvent::orderId)
                                .collect(Collectors.toSet()))
                        .containsAll(ids);
            }
        });
    }

    /**
     * Reads the whole topic from its first offset: every order has every sequence from 1 to its last,
     * none lost, first delivered in sequence (the outbox relay sends an order's event only once its
     * predecessor was acknowledged). A delivery of a sequence already seen is a repeat — a kill
     * between Kafka's acknowledgement and the outbox's delete sends it again — which consumers drop
     * by event id; analytics' read model is checked to end at each order's last sequence.
     */
    private void assertEveryOrderOnTheTopicInSequence(Set<String> ids) {
        assertEveryOrderOnTheTopicInSequence(ids.stream().collect(Collectors.toMap(id -> id, id -> 1L)));
    }

    /**
     * As above, and each order's last sequence on the topic is at least the version its last change
     * was answered with (a change whose event never reached the topic is caught here).
     */
    private void assertEveryOrderOnTheTopicInSequence(Map<String, Long> lastAtLeast) {
        Set<String> ids = lastAtLeast.keySet();
        Map<String, Long> last = new TreeMap<>();
        await().atMost(Duration.ofMinutes(LONG ? 10 : 3))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    Map<String, List<Long>> sequences = new TreeMap<>();
                    topic().readToEnd()
                            .forEach((id, events) -> sequences.put(
                                    id,
                                    events.stream()
                                            .map(OrderEventsTopic.Event::sequence)
                                            .toList()));
                    assertThat(sequences.keySet()).containsAll(ids);
                    int repeats = 0;
                    for (String id : ids) {
                        List<Long> seen = sequences.get(id);
                        long highest =
                                seen.stream().mapToLong(Long::longValue).max().orElseThrow();
                        assertThat(Set.copyOf(seen))
                                .as("order %s: every sequence from 1 to %d, none lost, in %s", id, highest, seen)
                                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, highest)
                                        .boxed()
                                        .collect(Collectors.toSet()));
                        Set<Long> delivered = new HashSet<>();
                        long first = 0;
                        for (long sequence : seen) {
                            if (!delivered.add(sequence)) {
                                repeats++; // delivered before: consumers drop it
                            } else {
                                assertThat(sequence)
                                        .as("order %s: first delivered in sequence, in %s", id, seen)
                                        .isEqualTo(first + 1);
                            }
                            first = Math.max(first, sequence);
                        }
                        assertThat(highest)
                                .as("order %s: its last change (version %d) is on the topic", id, lastAtLeast.get(id))
                                .isGreaterThanOrEqualTo(lastAtLeast.get(id));
                        last.put(id, highest);
                    }
                    System.out.printf(
                            "FaultsIT topic: %d orders, %d events, none lost, each order's in sequence; %d repeated deliveries%n",
                            ids.size(),
                            ids.stream()
                                    .mapToInt(id -> sequences.get(id).size())
                                    .sum(),
                            repeats);
                });
        // Analytics consumed the same topic, repeats included: every order (at most 1,000, sampled
        // by the run's seed beyond that) ends at its last sequence there.
        List<String> sample = new ArrayList<>(last.keySet());
        Collections.shuffle(sample, random);
        Map<String, Long> checked = new TreeMap<>();
        sample.stream().limit(1_000).forEach(id -> checked.put(id, last.get(id)));
        // Long runs: analytics catches up on 100,000+ events after the producers stop (it was ~4×
        // behind the producers in one run), so it gets longer.
        await().atMost(Duration.ofMinutes(LONG ? 20 : 2))
                .pollInterval(Duration.ofSeconds(LONG ? 10 : 1))
                .untilAsserted(() -> checked.forEach((id, sequence) -> assertThat(sdk.analytics()
                                .query("query($id: ID!) { order(id: $id) { version } }", Map.of("id", id))
                                .path("order")
                                .path("version")
                                .asLong())
                        .as("analytics' version of order %s (never rolled back by a late repeat)", id)
                        .isGreaterThanOrEqualTo(sequence)));
    }

    /** The partner the tests' clients place orders as. */
    private String partnerToken() throws Exception {
        return token("partner-acme", "partner-acme-secret", "orders:read orders:write");
    }

    private String token(String client, String secret, String scope) throws Exception {
        return platform.clientCredentials(client, secret, scope);
    }

    private static String location(String answer) {
        Matcher matcher = LOCATION.matcher(answer);
        assertThat(matcher.find()).as("a Location header in %s", answer).isTrue();
        return matcher.group(1);
    }
}
