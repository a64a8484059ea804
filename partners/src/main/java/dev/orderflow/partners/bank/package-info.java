/**
 * The simulated partner bank: refunds over SOAP ({@code contracts/wsdl/bank.wsdl}), WSDL-first with
 * Spring WS, WS-Security (UsernameToken digests, nonces, timestamps) by WSS4J, hardened XML, and
 * asynchronous settlement. Uses {@code psp} only to know which payments were collected.
 */
package dev.orderflow.partners.bank;
