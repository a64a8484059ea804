package dev.orderflow.inventory;

import dev.orderflow.testing.FeaturePackages;
import org.junit.jupiter.api.Test;

/** The feature packages of inventory: no cycles, internals kept to their feature (ArchUnit). */
class ModularityTest {

    @Test
    void featurePackagesHaveNoCyclesAndKeepTheirInternals() {
        FeaturePackages.verify("dev.orderflow.inventory");
    }
}
