package dev.orderflow.orders;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages of orders as Spring Modulith sees them (spring-modulith-core, test scope):
 * no cycles between modules, and no module reaches into another's internals (its sub-packages,
 * such as {@code fulfilment.internal}).
 */
class ModularityTest {

    @Test
    void modulesHaveNoCyclesAndKeepTheirInternals() {
        ApplicationModules.of(OrdersApplication.class).verify();
    }
}
