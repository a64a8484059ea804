package dev.orderflow.edge.signin;

import dev.orderflow.defaults.ProblemResponses;
import dev.orderflow.defaults.Problems;
import dev.orderflow.edge.EdgeProperties;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The edge's security: pages and relayed calls need a signed-in session, except the catalog and
 * the static assets. A session is an HttpOnly cookie (SameSite=Lax; Secure whenever the request
 * came over HTTPS, which Tomcat does by itself); the tokens stay in it on the server.
 *
 * <ul>
 *   <li>Writes need the CSRF token (Spring Security's single-page-app setting: the token in a
 *       cookie scripts can read, sent back in {@code X-XSRF-TOKEN}; a cross-site page cannot read
 *       it). The session cookie's SameSite=Lax is a second line, not the defence.
 *   <li>A fetch call without a session gets a 401 problem (the page then sends the person to sign
 *       in); a page without one is redirected to sign in.
 *   <li>Headers: a Content-Security-Policy with no inline script or style, no framing, and a
 *       referrer policy that never sends a path to another origin.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class WebSecurity {

    /**
     * The problem a call gets when the edge itself has no (valid) session for it: the page sends the
     * person to sign in. A 401 from a service behind the edge is that service's answer, not this.
     */
    public static final String SIGN_IN_REQUIRED = "sign-in-required";

    /**
     * Scripts, styles, images and connections from this origin only; nothing may frame a page. Forms
     * post here, and may end at identity: signing out is a form whose answer redirects to identity's
     * end-session endpoint, and browsers hold that redirect to {@code form-action} too.
     */
    static String contentSecurityPolicy(URI identity) {
        String identityOrigin = identity.getScheme() + "://" + identity.getRawAuthority();
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self' " + identityOrigin
                + "; frame-ancestors 'none'";
    }

    /** What scripts call (answered in problem+json), as opposed to pages people open. */
    static final RequestMatcher CALLS =
            new OrRequestMatcher(path("/api/**"), path("/graphql"), path("/psp/**"), path("/bff/**"));

    @Bean
    SecurityFilterChain edge(
            HttpSecurity http,
            ClientRegistrationRepository registrations,
            ProblemResponses problems,
            EdgeProperties edge)
            throws Exception {
        var signOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        signOut.setPostLogoutRedirectUri("{baseUrl}/");
        return http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/",
                                "/products/*",
                                "/cart",
                                "/css/**",
                                "/js/**",
                                "/webjars/**",
                                "/favicon.ico",
                                "/error",
                                "/signed-out")
                        .permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/products", "/api/products/*", "/bff/me")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2Login(login -> login.loginPage("/oauth2/authorization/" + SignIn.REGISTRATION)
                        // not back to the login page, which would start another sign-in at once
                        .failureUrl("/signed-out?error"))
                .logout(logout -> logout.logoutSuccessHandler(signOut))
                .csrf(csrf -> csrf.spa())
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(unauthorized(problems), CALLS)
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/oauth2/authorization/" + SignIn.REGISTRATION),
                                AnyRequestMatcher.INSTANCE)
                        .accessDeniedHandler(forbidden(problems)))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                                contentSecurityPolicy(edge.identity().issuer())))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .frameOptions(frames -> frames.deny()))
                .build();
    }

    private static AuthenticationEntryPoint unauthorized(ProblemResponses problems) {
        return (request, response, ex) -> problems.write(
                response,
                Problems.of(
                        HttpStatus.UNAUTHORIZED,
                        SIGN_IN_REQUIRED,
                        "Sign in required",
                        "Sign in first: this call needs a signed-in session (it has none, or it expired)."));
    }

    private static AccessDeniedHandler forbidden(ProblemResponses problems) {
        return (request, response, ex) -> {
            String detail = ex instanceof CsrfException
                    ? "The request lacks a valid CSRF token: send the XSRF-TOKEN cookie's value in X-XSRF-TOKEN."
                    : "You are signed in, but this is not yours to do.";
            if (CALLS.matches(request)) {
                problems.write(response, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail));
            } else {
                page(request, response, HttpStatus.FORBIDDEN, detail);
            }
        };
    }

    /** A person's page: the friendly error page, through the container's error dispatch. */
    private static void page(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        request.setAttribute(RequestDispatcher.ERROR_MESSAGE, detail);
        response.sendError(status.value(), detail);
    }

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }
}
