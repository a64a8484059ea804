/**
 * What every transport shares: a subscription (a topic seen by a caller), the push messages, and
 * each connection's bounded outbound queue and writer. Uses {@code feed}.
 */
package dev.orderflow.notifications.push;
