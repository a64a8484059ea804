package dev.orderflow.orders.order;

public enum OrderStatus {
    PENDING,
    AWAITING_PAYMENT,
    PAID,
    FULFILLING,
    SHIPPED,
    DELIVERED,
    REJECTED,
    PAYMENT_FAILED,
    CANCELLED
}
