package dev.orderflow.webhooks;

import dev.orderflow.testing.FeaturePackages;
import org.junit.jupiter.api.Test;

/** The feature packages of webhooks have no cycles and keep out of each other's internals. */
class ModularityTest {

    @Test
    void featurePackagesHaveNoCycles() {
        FeaturePackages.verify("dev.orderflow.webhooks");
    }
}
