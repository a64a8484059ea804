package dev.orderflow.notifications;

import dev.orderflow.testing.FeaturePackages;
import org.junit.jupiter.api.Test;

/** The feature packages of notifications: no cycles, internals kept to their feature (ArchUnit). */
class ModularityTest {

    @Test
    void featurePackagesHaveNoCyclesAndKeepTheirInternals() {
        FeaturePackages.verify("dev.orderflow.notifications");
    }
}
