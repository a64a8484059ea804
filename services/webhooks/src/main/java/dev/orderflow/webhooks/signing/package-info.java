/**
 * Standard Webhooks signatures: {@code v1} (HMAC-SHA256, the {@code com.standardwebhooks} library)
 * and {@code v1a} (Ed25519, the JDK's), the Ed25519 keys and their rotation, and the JWKS that
 * publishes them. Knows no other feature.
 */
package dev.orderflow.webhooks.signing;
