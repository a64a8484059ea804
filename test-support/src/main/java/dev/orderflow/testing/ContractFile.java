package dev.orderflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A contract file from {@code contracts/} on the classpath, and the JSON Schemas inside it
 * (2020-12, formats asserted), addressed by JSON pointer. OpenAPI and AsyncAPI contracts share it.
 */
record ContractFile(String location, JsonNode document) {

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    static ContractFile load(String resource) {
        try (InputStream in = ContractFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No contract on the classpath at " + resource);
            }
            return new ContractFile("classpath:" + resource, new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema at a JSON pointer of this file ({@code /components/schemas/Order}). */
    JsonSchema schema(String pointer) {
        return SCHEMAS.getSchema(SchemaLocation.of(location + "#" + pointer), CONFIG);
    }
}
