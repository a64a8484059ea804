package dev.orderflow.edge.pages;

import dev.orderflow.edge.signin.SignIn;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseBody;

/** The pages, rendered on the server; their scripts (under /js) call the relayed APIs. */
@Controller
class Pages {

    private final OAuth2AuthorizedClientRepository clients;

    Pages(OAuth2AuthorizedClientRepository clients) {
        this.clients = clients;
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
