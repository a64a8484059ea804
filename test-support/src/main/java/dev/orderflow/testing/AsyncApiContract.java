package dev.orderflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds messages to an AsyncAPI 3.0 contract from {@code contracts/asyncapi}: a message's payload
 * (and headers, where the contract defines them) must validate against the JSON Schema of the
 * message the contract names. AsyncAPI 3.0 schemas are a superset of JSON Schema draft-07; ours use
 * only what 2020-12 also means the same way, so networknt validates them as 2020-12.
 */
public final class AsyncApiContract {

    private final String location;
    private final JsonNode document;
    private final ContractFile file;
    private final ObjectMapper json = new ObjectMapper();

    private AsyncApiContract(String resource) {
        this.file = ContractFile.load(resource);
        this.location = file.location();
        this.document = file.document();
    }

    /** {@code asyncapi/order-events.yaml}: the Kafka topic of order events. */
    public static AsyncApiContract orderEvents() {
        return new AsyncApiContract("asyncapi/order-events.yaml");
    }

    /** {@code asyncapi/notifications.yaml}: the WebSocket protocol and the SSE streams. */
    public static AsyncApiContract notifications() {
        return new AsyncApiContract("asyncapi/notifications.yaml");
    }

    /** Asserts that a JSON payload is a valid instance of the named message of the contract. */
    public void assertPayload(String message, String payload) {
        assertThat(payloadProblems(message, parse(payload)))
                .as("%s payload %s violates %s", message, payload, location)
                .isEmpty();
    }

    /** Asserts that the headers of a message (name to text value) satisfy the contract's header schema. */
    public void assertHeaders(String message, Map<String, String> headers) {
        JsonSchema schema = schemaOf(message, "headers");
        assertThat(schema).as("%s defines no headers", message).isNotNull();
        assertThat(schema.validate(json.valueToTree(headers)))
                .as("%s headers %s violate %s", message, headers, location)
                .isEmpty();
    }

    /** Every example of every message that does not validate against that message's schemas. */
    public List<String> exampleProblems() {
        List<String> problems = new ArrayList<>();
        document.path("components").path("messages").properties().forEach(entry -> {
            String message = entry.getKey();
            JsonNode examples = entry.getValue().path("examples");
            if (examples.isEmpty()) {
                problems.add(message + " has no example");
            }
            for (JsonNode example : examples) {
                if (example.has("payload")) {
                    payloadProblems(message, example.get("payload"))
                            .forEach(p -> problems.add(message + " example " + example.path("name") + ": " + p));
                }
                JsonSchema headers = schemaOf(message, "headers");
                if (example.has("headers") && headers != null) {
                    headers.validate(example.get("headers"))
                            .forEach(p -> problems.add(
                                    message + " example " + example.path("name") + " headers: " + p.getMessage()));
                }
            }
        });
        return problems;
    }

    private List<String> payloadProblems(String message, JsonNode payload) {
        JsonSchema schema = schemaOf(message, "payload");
        assertThat(schema).as("%s is not a message of %s", message, location).isNotNull();
        Set<ValidationMessage> errors = schema.validate(payload);
        return errors.stream().map(ValidationMessage::getMessage).toList();
    }

    private JsonSchema schemaOf(String message, String part) {
        JsonNode definition = document.path("components").path("messages").path(message);
        if (definition.isMissingNode() || !definition.has(part)) {
            return null;
        }
        return file.schema("/components/messages/" + message + "/" + part);
    }

    private JsonNode parse(String payload) {
        try {
            return json.readTree(payload);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + payload, e);
        }
    }
}
