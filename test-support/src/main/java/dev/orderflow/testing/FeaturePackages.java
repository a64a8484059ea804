package dev.orderflow.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rooms of a service, kept by a test (ArchUnit): the feature packages directly under the
 * service's base package ({@code dev.orderflow.notifications.feed}, {@code ...push}, ...) have no
 * cycle between them, and a feature's {@code internal} package is used by that feature alone.
 * Orders uses Spring Modulith's own {@code ApplicationModules.verify()} (ModularityTest).
 */
public final class FeaturePackages {

    private FeaturePackages() {}

    /** Checks the production classes of the service under {@code basePackage}; fails with every violation. */
    public static void verify(String basePackage) {
        verify(
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(basePackage),
                basePackage);
    }

    public static void verify(JavaClasses classes, String basePackage) {
        if (classes.isEmpty()) {
            throw new AssertionError("no classes under " + basePackage + ": nothing would be checked");
        }
        slices().matching(basePackage + ".(*)..")
                .should()
                .beFreeOfCycles()
                .as("feature packages of " + basePackage + " have no cycles")
                .check(classes);
        for (String feature : featuresWithInternals(classes, basePackage)) {
            classes()
                    .that()
                    .resideInAPackage(basePackage + "." + feature + ".internal..")
                    .should()
                    .onlyHaveDependentClassesThat()
                    .resideInAPackage(basePackage + "." + feature + "..")
                    .as(feature + ".internal is used by " + feature + " alone")
                    .check(classes);
        }
    }

    private static Set<String> featuresWithInternals(JavaClasses classes, String basePackage) {
        Set<String> features = new TreeSet<>();
        String prefix = basePackage + ".";
        for (JavaClass type : classes) {
            String name = type.getPackageName();
            if (name.startsWith(prefix)) {
                String[] parts = name.substring(prefix.length()).split("\\.");
                if (parts.length > 1 && parts[1].equals("internal")) {
                    features.add(parts[0]);
                }
            }
        }
        return features;
    }
}
