package dev.orderflow.notifications;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Live order notifications: Kafka in, WebSocket and Server-Sent Events out. */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class NotificationsApplication {

    public static void main(String[] args) {
        // Tomcat gives every WebSocket connection an input and two output buffers of this size,
        // allocated up front (8 KiB each by default). Pushes are a few hundred bytes; 1 KiB buffers
        // save 21 KiB per connection (over 200 MiB at 10,000 connections) and only split larger writes.
        System.setProperty("org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE", "1024");
        SpringApplication.run(NotificationsApplication.class, args);
    }
}
