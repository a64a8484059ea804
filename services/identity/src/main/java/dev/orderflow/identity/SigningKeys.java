package dev.orderflow.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The RS256 key that signs every token, loaded from a file so that tokens survive a restart and
 * every instance signs with the same key. Its public half is published at {@code /oauth2/jwks}.
 */
@Configuration(proxyBeanMethods = false)
class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    @Bean
    JWKSource<SecurityContext> jwkSource(IdentityProperties properties) throws IOException {
        return new ImmutableJWKSet<>(new JWKSet(load(properties.signingKey())));
    }

    static RSAKey load(IdentityProperties.SigningKey config) throws IOException {
        if (config == null || config.path() == null) {
            throw new IllegalStateException(
                    "No signing key configured: set orderflow.identity.signing-key.path (ORDERFLOW_IDENTITY_SIGNING_KEY_PATH)"
                            + " to a JWK file holding an RSA private key");
        }
        Path path = config.path();
        if (Files.notExists(path)) {
            if (!config.generateIfMissing()) {
                throw new IllegalStateException("Signing key file " + path + " does not exist");
            }
            generate(path);
        }
        try {
            RSAKey key = RSAKey.parse(Files.readString(path));
            if (!key.isPrivate()) {
                throw new IllegalStateException("Signing key file " + path + " holds no private key");
            }
            return key;
        } catch (ParseException e) {
            throw new IllegalStateException("Signing key file " + path + " is not an RSA JWK: " + e.getMessage(), e);
        }
    }

    private static void generate(Path path) throws IOException {
        try {
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyIDFromThumbprint(true)
                    .generate();
            Files.createDirectories(path.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(path.toAbsolutePath().getParent(), "jwk", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file inherits the folder's ACL.
            }
            Files.writeString(temp, key.toJSONString());
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
            log.info("Generated a new signing key {} at {}", key.getKeyID(), path);
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate a signing key", e);
        }
    }
}
