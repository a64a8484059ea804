package dev.orderflow.testing;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A certificate authority made for one test run, which issues server and client certificates
 * (EC P-256, valid a day either side of now), and writes them as PEM files for Spring Boot SSL
 * bundles ({@code spring.ssl.bundle.pem.<name>.keystore.certificate=file:...}).
 */
public final class TestCertificates {

    private final CertificateBuilder validity = new CertificateBuilder()
            .notBefore(Instant.now().minus(1, ChronoUnit.DAYS))
            .notAfter(Instant.now().plus(1, ChronoUnit.DAYS))
            .ecp256();
    private final X509Bundle ca;
    private final Path dir;

    /** A new CA named {@code subject}, its files under a fresh temporary directory. */
    public TestCertificates(String subject) {
        try {
            ca = validity.copy()
                    .subject(subject)
                    .setIsCertificateAuthority(true)
                    .buildSelfSigned();
            dir = Files.createTempDirectory("orderflow-certs");
            Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Bundle ca() {
        return ca;
    }

    /** The CA's certificate as a PEM file: a truststore. */
    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** A server certificate for {@code localhost} and {@code 127.0.0.1}. */
    public X509Bundle server(String commonName) {
        try {
            return validity.copy()
                    .subject("CN=" + commonName)
                    .addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1")
                    .addExtendedKeyUsageServerAuth()
                    .buildIssuedBy(ca);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client certificate, for mutual TLS. */
    public X509Bundle client(String commonName) {
        try {
            return validity.copy()
                    .subject("CN=" + commonName)
                    .addExtendedKeyUsageClientAuth()
                    .buildIssuedBy(ca);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the certificate chain and the private key; returns {@code [certificate, key]}. */
    public Path[] write(String name, X509Bundle bundle) {
        try {
            Path certificate = Files.writeString(dir.resolve(name + ".pem"), bundle.getCertificatePathPEM());
            Path key = Files.writeString(dir.resolve(name + "-key.pem"), bundle.getPrivateKeyPEM());
            return new Path[] {certificate, key};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
