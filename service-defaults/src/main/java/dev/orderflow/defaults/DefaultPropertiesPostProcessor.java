package dev.orderflow.defaults;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code orderflow-defaults.yaml} as the lowest-precedence property source, so every service
 * starts from the same defaults and a service's own {@code application.yaml}, a profile, or an
 * environment variable can still override any of them.
 */
public class DefaultPropertiesPostProcessor implements EnvironmentPostProcessor {

    static final String LOCATION = "orderflow-defaults.yaml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            for (var source : new YamlPropertySourceLoader().load(LOCATION, new ClassPathResource(LOCATION))) {
                environment.getPropertySources().addLast(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
