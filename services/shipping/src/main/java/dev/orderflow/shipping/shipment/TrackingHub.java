package dev.orderflow.shipping.shipment;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/** Who is watching which shipment; told of each tracking event after it is committed. */
@Component
public class TrackingHub {

    private final Map<String, Set<Consumer<Shipment.TrackingEvent>>> watchers = new ConcurrentHashMap<>();

    public Runnable subscribe(String shipmentId, Consumer<Shipment.TrackingEvent> watcher) {
        watchers.computeIfAbsent(shipmentId, id -> ConcurrentHashMap.newKeySet())
                .add(watcher);
        return () -> watchers.computeIfPresent(shipmentId, (id, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    void publish(Shipment.TrackingEvent event) {
        Set<Consumer<Shipment.TrackingEvent>> set = watchers.get(event.shipmentId());
        if (set != null) {
            set.forEach(watcher -> watcher.accept(event));
        }
    }
}
