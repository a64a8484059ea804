package dev.orderflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Holds responses to an OpenAPI 3.1 contract from {@code contracts/}: the operation must document
 * the status, the content type must be one it documents, the body must validate against its JSON
 * Schema (2020-12, as OpenAPI 3.1 specifies) and every {@code required} header must be present.
 *
 * <p>Hand-written because the Java request/response validators (swagger-request-validator,
 * openapi4j) support OpenAPI 3.0 only; the schema validation itself is networknt's.
 */
public final class OpenApiContract {

    private final String location;
    private final JsonNode document;
    private final ContractFile file;
    private final ObjectMapper json = new ObjectMapper();

    private OpenApiContract(String resource) {
        this.file = ContractFile.load(resource);
        this.location = file.location();
        this.document = file.document();
    }

    public static OpenApiContract orders() {
        return new OpenApiContract("openapi/orders.yaml");
    }

    /** {@code openapi/webhooks.yaml}: merchant webhooks, the management API and what is sent. */
    public static OpenApiContract webhooks() {
        return new OpenApiContract("openapi/webhooks.yaml");
    }

    /**
     * Asserts that an outbound webhook body conforms to the contract's {@code webhooks} section: the
     * entry named by its type, or, for an order event type without an entry of its own, the
     * {@code order.placed} entry (every order event shares its schema).
     */
    public void assertWebhookPayload(String type, String body) {
        String name = document.path("webhooks").has(type) ? type : type.startsWith("order.") ? "order.placed" : type;
        assertThat(document.path("webhooks").has(name))
                .as("the contract documents no outgoing webhook %s", type)
                .isTrue();
        JsonSchema schema =
                file.schema("/webhooks/" + escape(name) + "/post/requestBody/content/application~1json/schema");
        try {
            assertThat(schema.validate(json.readTree(body)))
                    .as("webhook %s body %s violates the contract", type, body)
                    .isEmpty();
        } catch (IOException e) {
            fail("webhook %s body is not JSON: %s", type, body);
        }
    }

    /** {@code openapi/edge.yaml}: the browser's origin — sign-in, session, and what it relays. */
    public static OpenApiContract edge() {
        return new OpenApiContract("openapi/edge.yaml");
    }

    /** {@code openapi/psp.yaml}: the simulated payment provider (the partners app). */
    public static OpenApiContract psp() {
        return new OpenApiContract("openapi/psp.yaml");
    }

    /** Does the contract describe this path (its first segment is one of the contract's, e.g. /api or /v1)? */
    public boolean covers(String path) {
        for (String template : fieldNames(document.path("paths"))) {
            String root = template.substring(0, template.indexOf('/', 1) + 1);
            if (path.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asserts that a response conforms to the contract.
     *
     * @param method the request's HTTP method
     * @param path the request's path, without query (matched against the contract's templates)
     * @param header looks up a response header by name (case-insensitive), null when absent
     */
    public void assertConforms(String method, String path, int status, Function<String, String> header, String body) {
        String template = templateFor(path);
        JsonNode operation = document.path("paths").path(template).path(method.toLowerCase());
        assertThat(operation.isMissingNode())
                .as("%s %s is not an operation of the contract", method, template)
                .isFalse();
        String statusKey = String.valueOf(status);
        JsonNode response = operation.path("responses").path(statusKey);
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase() + "/responses/" + statusKey;
        if (response.isMissingNode()) {
            fail(
                    "%s %s answered %d, which the contract does not document for it (documented: %s)",
                    method, path, status, fieldNames(operation.path("responses")));
        }
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = resolve(response);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = response.path("headers").fields(); it.hasNext(); ) {
            var entry = it.next();
            JsonNode definition = resolve(entry.getValue());
            if (definition.path("required").asBoolean(false)) {
                assertThat(header.apply(entry.getKey()))
                        .as("%s %s %d must carry header %s", method, path, status, entry.getKey())
                        .isNotNull();
            }
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            assertThat(body)
                    .as("%s %s %d documents no body", method, path, status)
                    .isNullOrEmpty();
            return;
        }
        String contentType = header.apply("Content-Type");
        assertThat(contentType)
                .as("%s %s %d must have a Content-Type", method, path, status)
                .isNotNull();
        String mediaType = contentType.split(";")[0].trim();
        assertThat(fieldNames(content))
                .as("%s %s %d content type", method, path, status)
                .contains(mediaType);
        JsonSchema schema = file.schema(pointer + "/content/" + escape(mediaType) + "/schema");
        try {
            Set<ValidationMessage> errors = schema.validate(json.readTree(body));
            assertThat(errors)
                    .as("%s %s %d body %s violates the contract", method, path, status, body)
                    .isEmpty();
        } catch (IOException e) {
            fail("%s %s %d body is not JSON: %s", method, path, status, body);
        }
    }

    /**
     * Every problem with the contract's own examples: an operation without a request example (when
     * it takes a body) or without an example for its success response, and any example that does
     * not validate against the schema it illustrates.
     */
    public List<String> exampleProblems() {
        List<String> problems = new ArrayList<>();
        for (String webhook : fieldNames(document.path("webhooks"))) {
            JsonNode operation = document.path("webhooks").path(webhook).path("post");
            checkExamples(
                    "/webhooks/" + escape(webhook) + "/post/requestBody",
                    operation.path("requestBody"),
                    true,
                    problems);
        }
        for (String path : fieldNames(document.path("paths"))) {
            JsonNode item = document.path("paths").path(path);
            for (String method : fieldNames(item)) {
                String at = "/paths/" + escape(path) + "/" + method;
                JsonNode operation = item.path(method);
                if (operation.has("requestBody")) {
                    checkExamples(at + "/requestBody", operation.path("requestBody"), true, problems);
                }
                for (String status : fieldNames(operation.path("responses"))) {
                    JsonNode response = operation.path("responses").path(status);
                    String pointer = at + "/responses/" + status;
                    if (response.has("$ref")) {
                        pointer = response.get("$ref").asText().substring(1);
                        response = resolve(response);
                    }
                    checkExamples(pointer, response, status.startsWith("2"), problems);
                }
            }
        }
        return problems;
    }

    private void checkExamples(String pointer, JsonNode owner, boolean required, List<String> problems) {
        for (String mediaType : fieldNames(owner.path("content"))) {
            JsonNode media = owner.path("content").path(mediaType);
            List<JsonNode> examples = new ArrayList<>();
            if (media.has("example")) {
                examples.add(media.get("example"));
            }
            media.path("examples")
                    .forEach(example -> examples.add(resolve(example).path("value")));
            if (examples.isEmpty() && required) {
                problems.add(pointer + " (" + mediaType + ") has no example");
            }
            JsonSchema schema = file.schema(pointer + "/content/" + escape(mediaType) + "/schema");
            for (JsonNode example : examples) {
                for (ValidationMessage error : schema.validate(example)) {
                    problems.add(pointer + " (" + mediaType + ") example: " + error.getMessage());
                }
            }
        }
    }

    private String templateFor(String path) {
        String best = null;
        for (String template : fieldNames(document.path("paths"))) {
            String regex = "\\Q" + template.replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
            if (Pattern.matches(regex, path) && (best == null || !template.contains("{"))) {
                best = template;
            }
        }
        if (best == null) {
            fail("No path of the contract matches %s", path);
        }
        return best;
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = document.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
