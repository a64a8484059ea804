package dev.orderflow.orders.payment;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the provider's event list ({@code GET /v1/events}, oldest first, by cursor) from the last
 * event it read, and puts every event into the {@link PaymentInbox} as if its webhook had arrived:
 * the inbox's de-duplication makes events that did arrive harmless, and the ones a lost webhook
 * missed get processed like any other. The cursor is stored with the events of each page, in one
 * transaction, so a restart resumes where it stopped and never skips an event.
 */
@Component
public class Reconciliation implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    private static final String ACCOUNT = "default";
    private static final int PAGE = 100;

    private final PaymentProvider provider;
    private final PaymentInbox inbox;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final PaymentProperties properties;

    Reconciliation(
            PaymentProvider provider,
            PaymentInbox inbox,
            JdbcClient jdbc,
            TransactionTemplate tx,
            Clock clock,
            PaymentProperties properties) {
        this.provider = provider;
        this.inbox = inbox;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::runQuietly, properties.reconciliationInterval());
        tasks.addFixedDelayTask(this::purgeInbox, Duration.ofHours(1));
    }

    /** The inbox keeps what it must to de-duplicate, not every event ever received. */
    void purgeInbox() {
        int purged = inbox.purgeProcessedBefore(clock.instant().minus(properties.inboxRetention()));
        if (purged > 0) {
            log.info("Forgot {} payment event(s) processed over {} ago", purged, properties.inboxRetention());
        }
    }

    private void runQuietly() {
        try {
            run();
        } catch (PaymentProviderUnavailable e) {
            log.info("Reconciliation postponed: {}", e.getMessage());
        }
    }

    /**
     * Reads every page there is now.
     *
     * @return how many events were new to the inbox
     */
    public int run() {
        int found = 0;
        boolean more = true;
        while (more) {
            String after = cursor();
            var page = provider.events(after, PAGE);
            if (page.events().isEmpty()) {
                return found;
            }
            found += tx.execute(status -> {
                int added = 0;
                for (var event : page.events()) {
                    if (inbox.receive(event.id(), event.type(), event.json())) {
                        added++;
                    }
                }
                moveCursor(after, page.events().getLast().id());
                return added;
            });
            more = page.hasMore();
        }
        if (found > 0) {
            log.info("Reconciliation found {} event(s) no webhook had delivered", found);
        }
        return found;
    }

    /** The last event read; null before the first. */
    public String cursor() {
        return jdbc.sql("SELECT last_event_id FROM psp_reconciliation WHERE account = ?")
                .param(ACCOUNT)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private void moveCursor(String from, String to) {
        int moved = jdbc.sql("UPDATE psp_reconciliation SET last_event_id = ?, updated_at = ? WHERE account = ?")
                .params(to, utc(clock.instant()), ACCOUNT)
                .update();
        if (moved == 0) {
            jdbc.sql("INSERT INTO psp_reconciliation (account, last_event_id, updated_at) VALUES (?, ?, ?)")
                    .params(ACCOUNT, to, utc(clock.instant()))
                    .update();
        }
    }
}
