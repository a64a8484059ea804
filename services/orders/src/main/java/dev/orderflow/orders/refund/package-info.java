/**
 * The partner bank ({@code contracts/wsdl/bank.wsdl}) from Orderflow's side: {@link
 * dev.orderflow.orders.refund.BankRefunds}, a small interface in the orders domain's words,
 * implemented over SOAP in {@code internal} (an anti-corruption layer: no SOAP or JAXB type leaves
 * it). It says what the bank said; what that means for an order and its refunds is the {@code
 * order} feature's business. Knows no other feature.
 */
package dev.orderflow.orders.refund;
