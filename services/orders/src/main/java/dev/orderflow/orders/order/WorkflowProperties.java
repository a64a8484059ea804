package dev.orderflow.orders.order;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How orders move on by themselves after they are placed ({@link PaymentFlow}, {@link ShipmentFlow}).
 *
 * @param interval how often each flow looks for work it was not told about (after a restart, an
 *     outage, a lost nudge); new work is normally started at once
 * @param unpaidTimeout an order still awaiting payment after this long is cancelled and its stock
 *     released ({@code ORDERFLOW_ORDERS_WORKFLOW_UNPAIDTIMEOUT}); keep it below inventory's
 *     reservation TTL (15 minutes), so the stock is still held when a late payment arrives
 * @param batch how many orders or events one round handles at most
 * @param inboxRetry the first wait before processing an inbox event again (doubling, at most 10 minutes)
 * @param inboxGiveUpAfter attempts after which an event whose order never appears is set aside
 */
@ConfigurationProperties("orderflow.orders.workflow")
public record WorkflowProperties(
        @DefaultValue("PT1S") Duration interval,
        @DefaultValue("PT10M") Duration unpaidTimeout,
        @DefaultValue("100") int batch,
        @DefaultValue("PT1S") Duration inboxRetry,
        @DefaultValue("20") int inboxGiveUpAfter) {}
