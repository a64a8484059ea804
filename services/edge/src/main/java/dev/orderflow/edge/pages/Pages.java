package dev.orderflow.edge.pages;

import dev.orderflow.edge.signin.SignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.client.RestClientException;
import org.springframework.web.server.ResponseStatusException;

/** The pages, rendered on the server; their scripts (under /js) call the relayed APIs. */
@Controller
class Pages {

    private final OAuth2AuthorizedClientRepository clients;
    private final OrdersApi ordersApi;

    Pages(OAuth2AuthorizedClientRepository clients, OrdersApi ordersApi) {
        this.clients = clients;
        this.ordersApi = ordersApi;
    }

    /** Every page's header shows who is signed in. */
    @ModelAttribute("user")
    String user(@AuthenticationPrincipal OidcUser user) {
        return user == null ? null : user.getSubject();
    }

    @GetMapping("/")
    String home() {
        return "index";
    }

    @GetMapping("/products/{sku}")
    String product(@PathVariable String sku, Model model) {
        model.addAttribute("sku", sku);
        return "product";
    }

    @GetMapping("/cart")
    String cart() {
        return "cart";
    }

    @GetMapping("/checkout")
    String checkout() {
        return "checkout";
    }

    @GetMapping("/orders")
    String orders() {
        return "orders";
    }

    /**
     * An order's page, only for someone orders lets read it: asked on the server with the
     * person's token before anything is rendered, so another customer's order is a 404 page.
     */
    @GetMapping("/orders/{id}")
    String order(
            @PathVariable String id,
            Authentication authentication,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        boolean mayRead;
        try {
            mayRead = ordersApi.mayRead(id, authentication, request, response);
        } catch (RestClientException unreachable) {
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "orders could not be reached", unreachable);
        }
        if (!mayRead) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such order");
        }
        model.addAttribute("orderId", id);
        return "order";
    }

    @GetMapping("/dashboard")
    String dashboard() {
        return "dashboard";
    }

    @GetMapping("/signed-out")
    String signedOut() {
        return "signed-out";
    }

    /**
     * Who is signed in, for the pages' scripts: the name and what their session may do (the
     * token's scopes) — never a token. 200 with {@code signed_in: false} when nobody is.
     */
    @GetMapping(path = "/bff/me", produces = "application/json")
    @ResponseBody
    Map<String, Object> me(
            @AuthenticationPrincipal OidcUser user, Authentication authentication, HttpServletRequest request) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("signed_in", user != null);
        if (user != null) {
            OAuth2AuthorizedClient client = clients.loadAuthorizedClient(SignIn.REGISTRATION, authentication, request);
            me.put("name", user.getSubject());
            me.put(
                    "scopes",
                    client == null
                            ? List.of()
                            : client.getAccessToken().getScopes().stream()
                                    .sorted()
                                    .toList());
        }
        return me;
    }
}
