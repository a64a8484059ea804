package dev.orderflow.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The room rules themselves: they pass tidy packages and catch each kind of violation. */
class FeaturePackagesTest {

    private static final String ROOMS = "dev.orderflow.testing.rooms";

    @Test
    void passesFeaturesWithoutCyclesThatKeepTheirInternalsToThemselves() {
        assertThatCode(() -> verify("tidy")).doesNotThrowAnyException();
    }

    @Test
    void failsOnACycleBetweenFeatures() {
        assertThatThrownBy(() -> verify("cyclic"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void failsOnAUseOfAnotherFeaturesInternalPackage() {
        assertThatThrownBy(() -> verify("leaky"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("b.internal is used by b alone");
    }

    @Test
    void failsWhenThereIsNothingToCheck() {
        assertThatThrownBy(() -> verify("nowhere")).hasMessageContaining("no classes");
    }

    private static void verify(String example) {
        String base = ROOMS + "." + example;
        FeaturePackages.verify(new ClassFileImporter().importPackages(base), base);
    }
}
