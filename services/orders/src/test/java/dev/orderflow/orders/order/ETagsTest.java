package dev.orderflow.orders.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** If-Match by RFC 9110 §13.1.1: strong comparison, lists, and {@code *}. */
class ETagsTest {

    @ParameterizedTest(name = "If-Match {0} against \"3\": {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"3\"|true",
                "\"2\"|false",
                "\"2\", \"3\"|true",
                "\"2\",\"3\"|true",
                "*|true",
                "W/\"3\"|false", // a weak tag never matches strongly
                "3|false", // unquoted is not the tag
                "\"33\"|false"
            })
    void matchesOnlyTheCurrentStrongTag(String ifMatch, boolean matches) {
        assertThat(ETags.strongMatch(ifMatch, "\"3\"")).isEqualTo(matches);
    }
}
