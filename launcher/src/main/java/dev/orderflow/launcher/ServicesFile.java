package dev.orderflow.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What the running launcher knows of each service (pid, state, restarts, last exit code), in
 * {@code data/orderflow.services}: written by the supervisor at every change, read by
 * {@code ./orderflow status} from another process. A properties file, replaced atomically, so a
 * reader never sees half of it.
 */
final class ServicesFile {

    record Entry(long pid, String state, int restarts, Integer lastExit) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    void put(String service, Entry entry) {
        entries.put(service, entry);
    }

    Optional<Entry> get(String service) {
        return Optional.ofNullable(entries.get(service));
    }

    void write(Path file) throws IOException {
        var properties = new Properties();
        entries.forEach((service, entry) -> {
            properties.setProperty(service + ".pid", String.valueOf(entry.pid()));
            properties.setProperty(service + ".state", entry.state());
            properties.setProperty(service + ".restarts", String.valueOf(entry.restarts()));
            if (entry.lastExit() != null) {
                properties.setProperty(service + ".last-exit", String.valueOf(entry.lastExit()));
            }
        });
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary)) {
            properties.store(writer, "written by the Orderflow launcher; read by ./orderflow status");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static ServicesFile read(Path file) {
        var read = new ServicesFile();
        if (!Files.isRegularFile(file)) {
            return read;
        }
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            return read;
        }
        for (String name : properties.stringPropertyNames()) {
            if (!name.endsWith(".state")) {
                continue;
            }
            String service = name.substring(0, name.length() - ".state".length());
            try {
                String lastExit = properties.getProperty(service + ".last-exit");
                read.put(
                        service,
                        new Entry(
                                Long.parseLong(properties.getProperty(service + ".pid", "-1")),
                                properties.getProperty(name),
                                Integer.parseInt(properties.getProperty(service + ".restarts", "0")),
                                lastExit == null ? null : Integer.valueOf(lastExit)));
            } catch (NumberFormatException e) {
                // not written by us: leave the service out
            }
        }
        return read;
    }
}
