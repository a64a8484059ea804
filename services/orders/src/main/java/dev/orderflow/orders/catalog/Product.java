package dev.orderflow.orders.catalog;

import dev.orderflow.orders.Money;

public record Product(String sku, String name, String description, Money price) {}
