package dev.orderflow.cli;

import dev.orderflow.sdk.Orderflow;
import dev.orderflow.sdk.rest.Models.Endpoint;
import dev.orderflow.sdk.rest.Models.EndpointRequest;
import dev.orderflow.sdk.rest.Models.Message;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./orderflow webhooks endpoints …}. */
@Command(
        name = "webhooks",
        mixinStandardHelpOptions = true,
        description = "Merchant webhooks (scope webhooks:manage).",
        subcommands = WebhooksCommand.Endpoints.class)
final class WebhooksCommand {

    @Command(
            name = "endpoints",
            mixinStandardHelpOptions = true,
            description = "Your webhook endpoints and their deliveries.",
            subcommands = {
                WebhooksCommand.ListEndpoints.class,
                WebhooksCommand.Create.class,
                WebhooksCommand.Get.class,
                WebhooksCommand.Delete.class,
                WebhooksCommand.Disable.class,
                WebhooksCommand.Enable.class,
                WebhooksCommand.Rotate.class,
                WebhooksCommand.Ping.class,
                WebhooksCommand.Messages.class,
                WebhooksCommand.Resend.class,
                WebhooksCommand.Recover.class
            })
    static final class Endpoints {}

    static void print(ClientOptions client, Endpoint endpoint) {
        if (client.json()) {
            client.out().println(Printer.json(endpoint, false));
            return;
        }
        var fields = new LinkedHashMap<String, Object>();
        fields.put("id", endpoint.id());
        fields.put("url", endpoint.url());
        fields.put("description", endpoint.description());
        fields.put("event types", endpoint.eventTypes() == null ? "all" : String.join(", ", endpoint.eventTypes()));
        fields.put("signature", endpoint.signatureScheme());
        fields.put("enabled", endpoint.enabled() ? "yes" : "no (" + endpoint.disabledReason() + ")");
        if (endpoint.secret() != null) {
            fields.put("secret", endpoint.secret() + "   (shown once: keep it now)");
        }
        Printer.fields(client.out(), fields);
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List your endpoints.",
            footer = {"", "Example:", "  ./orderflow webhooks endpoints list"})
    static final class ListEndpoints implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            try (Orderflow orderflow = client.client()) {
                List<Endpoint> endpoints =
                        orderflow.webhookEndpoints().list().stream().toList();
                if (client.json()) {
                    client.out().println(Printer.json(endpoints, false));
                } else {
                    Printer.table(
                            client.out(),
                            List.of("ID", "ENABLED", "SCHEME", "URL"),
                            endpoints.stream()
                                    .map(e -> List.of(e.id(), e.enabled() ? "yes" : "no", e.signatureScheme(), e.url()))
                                    .toList());
                }
                return 0;
            }
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Register an endpoint (https; its secret is printed once).",
            footer = {
                "",
                "Example:",
                "  ./orderflow webhooks endpoints create --url https://merchant.example.com/hooks --event order.paid --event order.cancelled"
            })
    static final class Create implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Option(names = "--url", required = true)
        String url;

        @Option(names = "--description")
        String description;

        @Option(names = "--event", description = "an event type to receive, repeatable (default: all)")
        List<String> events;

        @Option(names = "--scheme", defaultValue = "v1", description = "v1 (HMAC, a secret) or v1a (Ed25519, the JWKS)")
        String scheme;

        @Option(names = "--idempotency-key")
        String key;

        @Override
        public Integer call() {
            var request = new EndpointRequest(url, description, events, scheme);
            try (Orderflow orderflow = client.client()) {
                var api = orderflow.webhookEndpoints();
                print(client, key == null ? api.create(request) : api.create(request, key));
                return 0;
            }
        }
    }

    /** A command on one endpoint: the client options, the endpoint id, and what to do with them. */
    abstract static class OnEndpoint implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "ENDPOINT_ID")
        String id;

        abstract void run(Orderflow orderflow);

        @Override
        public Integer call() {
            try (Orderflow orderflow = client.client()) {
                run(orderflow);
                return 0;
            }
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show one endpoint.",
            footer = {"", "Example:", "  ./orderflow webhooks endpoints get ep_…"})
    static final class Get extends OnEndpoint {
        @Override
        void run(Orderflow orderflow) {
            print(client, orderflow.webhookEndpoints().get(id));
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete an endpoint.",
            footer = {"", "Example:", "  ./orderflow webhooks endpoints delete ep_…"})
    static final class Delete extends OnEndpoint {
        @Override
        void run(Orderflow orderflow) {
            orderflow.webhookEndpoints().delete(id);
            client.out().println("Deleted " + id);
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Stop deliveries to an endpoint.",
            footer = {"", "Example:", "  ./orderflow webhooks endpoints disable ep_…"})
    static final class Disable extends OnEndpoint {
        @Override
        void run(Orderflow orderflow) {
            print(client, orderflow.webhookEndpoints().disable(id));
        }
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = "Resume deliveries to an endpoint.",
            footer = {"", "Example:", "  ./orderflow webhooks endpoints enable ep_…"})
    static final class Enable extends OnEndpoint {
        @Override
        void run(Orderflow orderflow) {
            print(client, orderflow.webhookEndpoints().enable(id));
        }
    }

    @Command(
            name = "rotate-secret",
            mixinStandardHelpOptions = true,
            description = "A new secret (printed once); the old one keeps signing for the overlap.",
            footer = {"", "Example:", "  ./orderflow webhooks endpoints rotate-secret ep_…"})
    static final class Rotate extends OnEndpoint {
        @Override
        void run(Orderflow orderflow) {
            var rotated = orderflow.webhookEndpoints().rotateSecret(id);
            if (client.json()) {
                client.out().println(Printer.json(rotated, false));
            } else {
                client.out()
                        .printf(
                                "New secret %s (shown once); the previous one signs until %s%n",
                                rotated.secret(), rotated.previousSecretExpiresAt());
            }
        }
    }

    @Command(
            name = "ping",
            mixinStandardHelpOptions = true,
            description = "Send a ping message to an endpoint.",
            footer = {"", "Example:", "  ./orderflow webhooks endpoints ping ep_…"})
    static final class Ping extends OnEndpoint {
        @Override
        void run(Orderflow orderflow) {
            client.out().println("Queued " + orderflow.webhookEndpoints().ping(id));
        }
    }

    @Command(
            name = "messages",
            mixinStandardHelpOptions = true,
            description = "An endpoint's messages, newest first.",
            footer = {"", "Example:", "  ./orderflow webhooks endpoints messages ep_… --status FAILED --limit 20"})
    static final class Messages extends OnEndpoint {
        @Option(names = "--status", description = "PENDING, DELIVERED or FAILED")
        String status;

        @Option(names = "--limit", defaultValue = "20", description = "at most this many (default ${DEFAULT-VALUE})")
        int limit;

        @Override
        void run(Orderflow orderflow) {
            List<Message> messages = orderflow.webhookEndpoints().messages(id, status).stream()
                    .limit(limit)
                    .toList();
            if (client.json()) {
                client.out().println(Printer.json(messages, false));
            } else {
                Printer.table(
                        client.out(),
                        List.of("ID", "TYPE", "STATUS", "ATTEMPTS", "LAST", "CREATED"),
                        messages.stream()
                                .map(m -> List.of(
                                        m.id(),
                                        m.eventType(),
                                        m.status(),
                                        String.valueOf(m.attempts()),
                                        String.valueOf(m.lastStatus()),
                                        String.valueOf(m.createdAt())))
                                .toList());
            }
        }
    }

    @Command(
            name = "resend",
            mixinStandardHelpOptions = true,
            description = "Deliver one message again.",
            footer = {"", "Example:", "  ./orderflow webhooks endpoints resend ep_… msg_…"})
    static final class Resend extends OnEndpoint {
        @Parameters(index = "1", paramLabel = "MESSAGE_ID")
        String message;

        @Override
        void run(Orderflow orderflow) {
            client.out().println("Queued " + orderflow.webhookEndpoints().resend(id, message));
        }
    }

    @Command(
            name = "recover",
            mixinStandardHelpOptions = true,
            description = "Resend every message that failed since a time.",
            footer = {"", "Example:", "  ./orderflow webhooks endpoints recover ep_… --since 2026-12-01T00:00:00Z"})
    static final class Recover extends OnEndpoint {
        @Option(names = "--since", required = true, description = "RFC 3339 instant")
        Instant since;

        @Override
        void run(Orderflow orderflow) {
            client.out().println(Printer.json(orderflow.webhookEndpoints().recover(id, since), !client.json()));
        }
    }
}
