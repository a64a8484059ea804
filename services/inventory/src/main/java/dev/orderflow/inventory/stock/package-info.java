/**
 * Stock levels: reading, importing, and watching them change. Knows no other feature.
 */
package dev.orderflow.inventory.stock;
