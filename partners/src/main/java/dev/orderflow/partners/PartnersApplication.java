package dev.orderflow.partners;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The third parties Orderflow integrates with, simulated in one app: today the payment provider. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PartnersApplication {

    public static void main(String[] args) {
        SpringApplication.run(PartnersApplication.class, args);
    }
}
