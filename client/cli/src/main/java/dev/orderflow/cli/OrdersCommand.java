package dev.orderflow.cli;

import dev.orderflow.sdk.Orderflow;
import dev.orderflow.sdk.rest.Models.Address;
import dev.orderflow.sdk.rest.Models.Line;
import dev.orderflow.sdk.rest.Models.Money;
import dev.orderflow.sdk.rest.Models.Order;
import dev.orderflow.sdk.rest.Models.PlaceOrder;
import dev.orderflow.sdk.rest.Models.Refund;
import dev.orderflow.sdk.rest.Models.RefundRequest;
import dev.orderflow.sdk.rest.Orders;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./orderflow orders list|get|create|cancel|pay|refund}. */
@Command(
        name = "orders",
        mixinStandardHelpOptions = true,
        description = "Orders and refunds (REST; scopes orders:read, orders:write, orders:refund).",
        subcommands = {
            OrdersCommand.ListOrders.class,
            OrdersCommand.Get.class,
            OrdersCommand.Create.class,
            OrdersCommand.Cancel.class,
            OrdersCommand.Pay.class,
            OrdersCommand.RefundOrder.class
        })
final class OrdersCommand {

    static void print(ClientOptions client, Order order) {
        if (client.json()) {
            client.out().println(Printer.json(order, false));
            return;
        }
        var fields = new LinkedHashMap<String, Object>();
        fields.put("id", order.id());
        fields.put("customer", order.customerId());
        fields.put("status", order.status());
        order.items()
                .forEach(line ->
                        fields.put("  " + line.sku(), line.quantity() + " × " + line.unitPrice() + "  " + line.name()));
        fields.put("total", order.total());
        if (order.payment() != null) {
            fields.put(
                    "payment",
                    order.payment().intentId() + " (" + order.payment().status() + ")");
        }
        if (order.shipment() != null) {
            fields.put(
                    "shipment",
                    order.shipment().shipmentId() + " tracking "
                            + order.shipment().trackingNumber());
        }
        fields.put("refunded", order.refunded());
        fields.put("refundable", order.refundable());
        fields.put("created", order.createdAt());
        Printer.fields(client.out(), fields);
    }

    static List<List<String>> rows(List<Order> orders) {
        return orders.stream()
                .map(o -> List.of(
                        o.id(), o.status(), o.customerId(), String.valueOf(o.total()), String.valueOf(o.createdAt())))
                .toList();
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List orders, newest first, following the cursor pages.",
            footer = {
                "",
                "Examples:",
                "  ./orderflow orders list --limit 10",
                "  ./orderflow orders list --status PAID --status SHIPPED -o json"
            })
    static final class ListOrders implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Option(names = "--status", description = "only these statuses (repeatable)")
        List<String> statuses = new ArrayList<>();

        @Option(
                names = "--limit",
                defaultValue = "20",
                description = "at most this many (default ${DEFAULT-VALUE}; 0 for all)")
        int limit;

        @Option(names = "--created-after", description = "RFC 3339 instant")
        Instant createdAfter;

        @Override
        public Integer call() {
            try (Orderflow orderflow = client.client()) {
                var query = Orders.Query.all()
                        .limit(limit > 0 && limit < 100 ? limit : 100)
                        .statuses(statuses)
                        .createdAfter(createdAfter);
                var stream = orderflow.orders().list(query).stream();
                List<Order> orders = (limit > 0 ? stream.limit(limit) : stream).toList();
                if (client.json()) {
                    client.out().println(Printer.json(orders, false));
                } else {
                    Printer.table(client.out(), List.of("ID", "STATUS", "CUSTOMER", "TOTAL", "CREATED"), rows(orders));
                }
                return 0;
            }
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show one order.",
            footer = {"", "Example:", "  ./orderflow orders get 0193b7a4-8e2f-7c3a-9b1d-2f5e6a7c8d90"})
    static final class Get implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ORDER_ID")
        String id;

        @Override
        public Integer call() {
            try (Orderflow orderflow = client.client()) {
                print(client, orderflow.orders().get(id).value());
                return 0;
            }
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Place an order. It carries an Idempotency-Key (yours with --idempotency-key, else a new one),",
                "sent unchanged on every retry, so a retried request never places two orders."
            },
            footer = {
                "",
                "Example:",
                "  ./orderflow orders create --customer alice --item ACC-001:2 --item KIT-003 \\",
                "      --name 'Alice Example' --line1 '1 Market Street' --city Lyon --postal-code 69001 --country FR"
            })
    static final class Create implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Option(names = "--customer", description = "the customer (partners name one)")
        String customer;

        @Option(names = "--item", required = true, description = "SKU[:QUANTITY], repeatable")
        List<String> items;

        @Option(names = "--name", defaultValue = "Alice Example")
        String name;

        @Option(names = "--line1", defaultValue = "1 Market Street")
        String line1;

        @Option(names = "--city", defaultValue = "Lyon")
        String city;

        @Option(names = "--postal-code", defaultValue = "69001")
        String postalCode;

        @Option(names = "--country", defaultValue = "FR")
        String country;

        @Option(names = "--idempotency-key", description = "reuse to make a repeat of this command safe")
        String key;

        @Override
        public Integer call() {
            List<Line> lines = new ArrayList<>();
            for (String item : items) {
                String[] parts = item.split(":", 2);
                try {
                    lines.add(new Line(parts[0], parts.length == 2 ? Integer.parseInt(parts[1]) : 1));
                } catch (NumberFormatException e) {
                    throw new CliException(CliException.USAGE, "--item " + item + ": the quantity is not a number");
                }
            }
            var order = new PlaceOrder(customer, lines, new Address(name, line1, city, postalCode, country));
            try (Orderflow orderflow = client.client()) {
                print(
                        client,
                        key == null
                                ? orderflow.orders().place(order)
                                : orderflow.orders().place(order, key));
                return 0;
            }
        }
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Cancel an order (a paid one is refunded in full).",
            footer = {
                "",
                "Example:",
                "  ./orderflow orders cancel 0193b7a4-8e2f-7c3a-9b1d-2f5e6a7c8d90 --if-match '\"2\"'"
            })
    static final class Cancel implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ORDER_ID")
        String id;

        @Option(names = "--if-match", description = "only if the order's ETag is still this")
        String ifMatch;

        @Override
        public Integer call() {
            try (Orderflow orderflow = client.client()) {
                print(client, orderflow.orders().cancel(id, ifMatch));
                return 0;
            }
        }
    }

    @Command(
            name = "pay",
            mixinStandardHelpOptions = true,
            description = {
                "Pay an order as the customer's browser would: confirm its payment intent at the provider",
                "with the publishable key and the intent's client secret. The provider's signed webhook then",
                "moves the order on (watch it with ./orderflow events watch --order ID)."
            },
            footer = {
                "",
                "Examples:",
                "  ./orderflow orders pay 0193b7a4-8e2f-7c3a-9b1d-2f5e6a7c8d90",
                "  ./orderflow orders pay 0193b7a4-8e2f-7c3a-9b1d-2f5e6a7c8d90 --card pm_card_chargeDeclined"
            })
    static final class Pay implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ORDER_ID")
        String id;

        @Option(
                names = "--card",
                defaultValue = "pm_card_visa",
                description = "test payment method (default ${DEFAULT-VALUE})")
        String card;

        @Option(
                names = "--wait",
                defaultValue = "PT30S",
                description = "how long to wait for the order's payment intent (default ${DEFAULT-VALUE})")
        Duration wait;

        @Override
        public Integer call() throws InterruptedException {
            try (Orderflow orderflow = client.client()) {
                Order order = awaitIntent(orderflow, id, wait, client.context().clock());
                var intent = orderflow
                        .payments()
                        .confirm(order.payment().intentId(), order.payment().clientSecret(), card);
                if (client.json()) {
                    client.out().println(Printer.json(intent, false));
                } else {
                    client.out()
                            .printf(
                                    "Payment intent %s: %s (%s)%n",
                                    intent.id(), intent.status(), intent.paymentMethod());
                }
                return 0;
            }
        }
    }

    /** The order once it shows its payment intent (created just after the order), by conditional GETs. */
    static Order awaitIntent(Orderflow orderflow, String id, Duration wait, java.time.Clock clock)
            throws InterruptedException {
        var versioned = orderflow.orders().get(id);
        Instant deadline = clock.instant().plus(wait);
        while (versioned.value().payment() == null
                || versioned.value().payment().clientSecret() == null) {
            if (!"AWAITING_PAYMENT".equals(versioned.value().status())) {
                throw new CliException(
                        CliException.REJECTED,
                        "order " + id + " is " + versioned.value().status() + ": nothing to pay");
            }
            if (clock.instant().isAfter(deadline)) {
                throw new CliException(
                        CliException.UNAVAILABLE, "order " + id + " has no payment intent after " + wait);
            }
            Thread.sleep(300);
            versioned = orderflow.orders().getIfChanged(id, versioned.etag()).orElse(versioned);
        }
        return versioned.value();
    }

    @Command(
            name = "refund",
            mixinStandardHelpOptions = true,
            description = {
                "Refund a paid order (all that is refundable, or --amount), through the partner bank (SOAP).",
                "Carries an Idempotency-Key, reused on retries: one refund, however often it is sent."
            },
            footer = {
                "",
                "Examples:",
                "  ./orderflow orders refund ID",
                "  ./orderflow orders refund ID --amount 10.00 --reason 'damaged box'"
            })
    static final class RefundOrder implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ORDER_ID")
        String id;

        @Option(
                names = "--amount",
                description = "in the order's currency, e.g. 10.00 (default: everything refundable)")
        BigDecimal amount;

        @Option(names = "--reason")
        String reason;

        @Option(names = "--idempotency-key")
        String key;

        @Override
        public Integer call() {
            try (Orderflow orderflow = client.client()) {
                Money money = null;
                if (amount != null) {
                    String currency = orderflow.orders().get(id).value().total().currency();
                    money = new Money(minor(amount), currency);
                }
                var request = new RefundRequest(money, reason);
                Refund refund = key == null
                        ? orderflow.orders().refund(id, request)
                        : orderflow.orders().refund(id, request, key);
                if (client.json()) {
                    client.out().println(Printer.json(refund, false));
                } else {
                    client.out().printf("Refund %s of %s: %s%n", refund.id(), refund.amount(), refund.status());
                }
                return 0;
            }
        }
    }

    static long minor(BigDecimal amount) {
        try {
            return amount.movePointRight(2).longValueExact();
        } catch (ArithmeticException e) {
            throw new CliException(CliException.USAGE, "amount " + amount + ": at most two decimals");
        }
    }
}
