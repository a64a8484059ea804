package dev.orderflow.edge.pages;

import dev.orderflow.edge.EdgeProperties;
import dev.orderflow.edge.signin.SignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** The edge asking orders itself, with the signed-in person's token: may they read this order? */
@Component
public class OrdersApi {

    private final RestClient orders;
    private final OAuth2AuthorizedClientManager clients;

    OrdersApi(EdgeProperties edge, RestClient.Builder http, OAuth2AuthorizedClientManager clients) {
        this.orders = http.clone().baseUrl(edge.orders().toString()).build();
        this.clients = clients;
    }

    /** True when orders answers 200 to this person for this order; false for anything else (including a malformed id). */
    public boolean mayRead(
            String orderId, Authentication person, HttpServletRequest request, HttpServletResponse response) {
        if (!isUuid(orderId) || person == null) {
            return false;
        }
        var client = clients.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(SignIn.REGISTRATION)
                .principal(person)
                .attribute(HttpServletRequest.class.getName(), request)
                .attribute(HttpServletResponse.class.getName(), response)
                .build());
        if (client == null) {
            return false;
        }
        return orders.get()
                .uri("/api/orders/{id}", orderId)
                .headers(
                        headers -> headers.setBearerAuth(client.getAccessToken().getTokenValue()))
                .exchange((asked, answer) -> answer.getStatusCode().value() == 200);
    }

    public static boolean isUuid(String id) {
        try {
            return UUID.fromString(id).toString().equals(id.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
