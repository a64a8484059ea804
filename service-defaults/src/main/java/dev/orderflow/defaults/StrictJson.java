package dev.orderflow.defaults;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Request bodies read as strictly as the contracts describe them, so that what a service accepts
 * is what its schema says and nothing that fails later:
 *
 * <ul>
 *   <li>no scalar coercion: {@code "quantity": "2"} is a string, not the integer 2;
 *   <li>no duplicate member names: I-JSON (RFC 7493 §2.3) forbids them, and "the last one wins"
 *       is a parser accident another system may resolve the other way;
 *   <li>no NUL (U+0000) in strings: PostgreSQL text cannot hold it, so it would fail on the
 *       production database after being accepted on H2.
 * </ul>
 *
 * Each is a 400 {@code validation-failed} problem naming the field ({@link ProblemDetailsHandler}).
 */
public final class StrictJson implements JsonMapperBuilderCustomizer {

    @Override
    public void customize(JsonMapper.Builder builder) {
        builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .addModule(new SimpleModule("orderflow-strict-strings").addDeserializer(String.class, new NoNul()));
    }

    /** Strings as Jackson reads them, minus any that contain U+0000. */
    static final class NoNul extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            if (value != null && p.hasToken(JsonToken.VALUE_STRING) && value.indexOf('\u0000') >= 0) {
                throw new NulCharacter(p);
            }
            return value;
        }
    }

    /** A string with U+0000: the field is named by the exception's path. */
    static final class NulCharacter extends MismatchedInputException {
        NulCharacter(JsonParser p) {
            super(p, "must not contain the NUL character (U+0000)", String.class);
        }
    }
}
