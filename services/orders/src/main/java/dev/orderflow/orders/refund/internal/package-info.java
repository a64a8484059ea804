/** The bank's SOAP API consumed with Spring WS, on the JAXB types generated from its WSDL. */
package dev.orderflow.orders.refund.internal;
