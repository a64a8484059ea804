package dev.orderflow.cli;

import dev.orderflow.sdk.Orderflow;
import dev.orderflow.sdk.live.OrderEvent;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./orderflow events watch}. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "Live order events from notifications (WebSocket or Server-Sent Events).",
        subcommands = EventsCommand.Watch.class)
final class EventsCommand {

    enum Transport {
        ws,
        sse
    }

    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = {
                "Print order events as they happen. Reconnects by itself and resumes from the last position",
                "(each event once, in order); --from resumes from a position printed earlier."
            },
            footer = {
                "",
                "Examples:",
                "  ./orderflow events watch",
                "  ./orderflow events watch --order 0193b7a4-… --transport sse --max-events 5 -o json"
            })
    static final class Watch implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Option(names = "--order", description = "one order's events (default: all you may see)")
        String orderId;

        @Option(names = "--transport", defaultValue = "ws", description = "ws or sse (default ${DEFAULT-VALUE})")
        Transport transport;

        @Option(names = "--from", description = "resume after this stream position")
        String from;

        @Mixin
        Watching.Limits limits;

        @Override
        public Integer call() throws InterruptedException {
            try (Orderflow orderflow = client.client()) {
                var live = orderflow.events();
                return Watching.<OrderEvent>run(
                        client,
                        limits,
                        event -> format(event, client.json()),
                        listener -> transport == Transport.ws
                                ? live.websocket(orderId, from, listener)
                                : live.sse(orderId, from, listener));
            }
        }
    }

    static String format(OrderEvent event, boolean json) {
        if (json) {
            return Printer.json(event.raw(), false);
        }
        if (event.isResync()) {
            return "resync: events were missed; refetch over REST (position " + event.position() + ")";
        }
        return "%s  %-36s #%-3d %-18s %s → %s  (position %s)"
                .formatted(
                        event.time(),
                        event.orderId(),
                        event.sequence(),
                        event.eventType().replace("dev.orderflow.order.", ""),
                        event.oldStatus() == null ? "-" : event.oldStatus(),
                        event.newStatus(),
                        event.position());
    }
}
