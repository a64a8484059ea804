package dev.orderflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContractExamplesTest {

    @Test
    void everyOrdersOperationHasExamplesThatMatchItsSchemas() {
        assertThat(OpenApiContract.orders().exampleProblems()).isEmpty();
    }

    @Test
    void pspExamplesConformToTheirSchemas() {
        assertThat(OpenApiContract.psp().exampleProblems()).isEmpty();
    }

    @Test
    void everyWebhooksOperationAndOutgoingWebhookHasExamplesThatMatchItsSchemas() {
        assertThat(OpenApiContract.webhooks().exampleProblems()).isEmpty();
    }

    @Test
    void everyOrderEventHasExamplesThatMatchItsSchemas() {
        assertThat(AsyncApiContract.orderEvents().exampleProblems()).isEmpty();
    }

    @Test
    void everyNotificationMessageHasExamplesThatMatchItsSchemas() {
        assertThat(AsyncApiContract.notifications().exampleProblems()).isEmpty();
    }
}
