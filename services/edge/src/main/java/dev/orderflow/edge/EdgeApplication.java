package dev.orderflow.edge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The edge: the browser's single origin (a backend-for-frontend). People sign in here; the browser
 * gets an HttpOnly session cookie and never a token. The pages' calls are relayed to orders,
 * notifications, analytics and the payment provider with the signed-in person's access token.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EdgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(EdgeApplication.class, args);
    }
}
