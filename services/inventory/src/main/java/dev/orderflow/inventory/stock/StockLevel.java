package dev.orderflow.inventory.stock;

import java.time.Instant;

public record StockLevel(String sku, long available, long reserved, Instant updatedAt) {}
