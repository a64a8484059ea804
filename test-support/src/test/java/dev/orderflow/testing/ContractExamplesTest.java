package dev.orderflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContractExamplesTest {

    @Test
    void everyOrdersOperationHasExamplesThatMatchItsSchemas() {
        assertThat(OpenApiContract.orders().exampleProblems()).isEmpty();
    }
}
