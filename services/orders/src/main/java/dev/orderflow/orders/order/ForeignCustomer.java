package dev.orderflow.orders.order;

/** A customer's token placing an order for somebody else. */
class ForeignCustomer extends RuntimeException {
    ForeignCustomer() {
        super("A customer can place orders only for themself; leave customer_id out or set it to your own id.");
    }
}
