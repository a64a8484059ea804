package dev.orderflow.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token {@code ./orderflow login} keeps: {@code $XDG_CONFIG_HOME/orderflow/token.json} (else
 * {@code ~/.config/orderflow/token.json}), created owner-only ({@code 0600}, in a {@code 0700}
 * folder) before anything is written to it. Only the token is kept, never a client secret: a
 * customer's PKCE login also keeps its refresh token, so it is renewed without a new login.
 */
final class Session {

    /** What a login left. */
    record Saved(
            String accessToken,
            Instant expiresAt,
            String refreshToken,
            String clientId,
            String scope,
            String identity,
            String subject) {

        boolean expired(Instant now) {
            return !now.isBefore(expiresAt.minusSeconds(30));
        }
    }

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final JsonMapper json = JsonMapper.builder().build();

    Session(Path file) {
        this.file = file;
    }

    static Session fromEnvironment(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return new Session(base.resolve("orderflow").resolve("token.json"));
    }

    Path file() {
        return file;
    }

    Optional<Saved> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(Files.readAllBytes(file));
            return Optional.of(new Saved(
                    node.path("access_token").asString(),
                    Instant.parse(node.path("expires_at").asString()),
                    node.path("refresh_token").asString(null),
                    node.path("client_id").asString(null),
                    node.path("scope").asString(null),
                    node.path("identity").asString(null),
                    node.path("subject").asString(null)));
        } catch (IOException | RuntimeException e) {
            throw new CliException(
                    CliException.USAGE_OR_LOGIN,
                    "cannot read " + file + ": " + e.getMessage() + "; run ./orderflow login again");
        }
    }

    void save(Saved saved) {
        try {
            Path dir = file.getParent();
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            }
            // Written to a new owner-only file, then moved over the old one: never readable by others.
            Path temp = dir.resolve(file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            try {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_FILE));
            } catch (FileAlreadyExistsException e) {
                throw new IOException("another login is writing " + temp, e);
            }
            var node = new java.util.LinkedHashMap<String, Object>();
            node.put("access_token", saved.accessToken());
            node.put("expires_at", saved.expiresAt().toString());
            node.put("refresh_token", saved.refreshToken());
            node.put("client_id", saved.clientId());
            node.put("scope", saved.scope());
            node.put("identity", saved.identity());
            node.put("subject", saved.subject());
            Files.write(temp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
            Files.setPosixFilePermissions(temp, OWNER_FILE);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException(CliException.FAILED, "cannot write " + file + ": " + e.getMessage());
        }
    }

    boolean delete() {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CliException(CliException.FAILED, "cannot remove " + file + ": " + e.getMessage());
        }
    }
}
