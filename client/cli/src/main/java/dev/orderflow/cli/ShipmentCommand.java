package dev.orderflow.cli;

import dev.orderflow.contracts.shipping.v1.TrackingEvent;
import dev.orderflow.sdk.Orderflow;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./orderflow shipment track}. */
@Command(
        name = "shipment",
        mixinStandardHelpOptions = true,
        description = "Shipments at shipping (gRPC; scope shipping:read).",
        subcommands = ShipmentCommand.Track.class)
final class ShipmentCommand {

    @Command(
            name = "track",
            mixinStandardHelpOptions = true,
            description = {
                "Every tracking event of a shipment, then new ones until it is delivered (TrackShipment",
                "stream; after a disconnect it resumes after the last sequence seen). Give the shipment id,",
                "or an order id (its shipment is looked up over REST)."
            },
            footer = {
                "",
                "Examples:",
                "  ./orderflow shipment track shp_…",
                "  ./orderflow shipment track --order 0193b7a4-…"
            })
    static final class Track implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "SHIPMENT_ID", arity = "0..1")
        String shipmentId;

        @Option(names = "--order", description = "the order whose shipment to track")
        String orderId;

        @Mixin
        Watching.Limits limits;

        @Override
        public Integer call() throws InterruptedException {
            if ((shipmentId == null) == (orderId == null)) {
                throw new CliException(CliException.USAGE, "give a SHIPMENT_ID or --order ORDER_ID (one of them)");
            }
            try (Orderflow orderflow = client.client()) {
                String id = shipmentId;
                if (id == null) {
                    var order = orderflow.orders().get(orderId).value();
                    if (order.shipment() == null) {
                        throw new CliException(
                                CliException.REJECTED,
                                "order " + orderId + " is " + order.status() + " and has no shipment yet");
                    }
                    id = order.shipment().shipmentId();
                }
                var shipping = orderflow.shipping();
                String tracked = id;
                return Watching.<TrackingEvent>run(
                        client,
                        limits,
                        event -> format(event, client.json()),
                        listener -> shipping.track(tracked, listener));
            }
        }
    }

    static String format(TrackingEvent event, boolean json) {
        Instant at = Instant.ofEpochSecond(
                event.getOccurredAt().getSeconds(), event.getOccurredAt().getNanos());
        if (json) {
            var map = new LinkedHashMap<String, Object>();
            map.put("shipment_id", event.getShipmentId());
            map.put("sequence", event.getSequence());
            map.put("status", event.getStatus().name());
            map.put("occurred_at", at.toString());
            map.put("description", event.getDescription());
            return Printer.json(map, false);
        }
        return "#%d  %-18s %s  %s"
                .formatted(event.getSequence(), event.getStatus().name(), at, event.getDescription());
    }
}
