package dev.orderflow.analytics;

import dev.orderflow.testing.FeaturePackages;
import org.junit.jupiter.api.Test;

/** The feature packages of analytics (readmodel, query, limits, web) have no cycles. */
class ModularityTest {

    @Test
    void featurePackagesHaveNoCycles() {
        FeaturePackages.verify("dev.orderflow.analytics");
    }
}
