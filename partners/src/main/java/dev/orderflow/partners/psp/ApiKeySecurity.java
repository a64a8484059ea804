package dev.orderflow.partners.psp;

import dev.orderflow.defaults.ProblemResponses;
import dev.orderflow.defaults.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * API keys as a payment provider checks them, with Spring Security: {@code Authorization: Bearer
 * sk_test_…} (secret: every operation) or {@code pk_test_…} (publishable: only confirming an
 * intent). An unknown key is a 401 with a {@code WWW-Authenticate} challenge; a publishable key
 * where the secret one is needed is a 403. Keys are compared in constant time.
 */
@Configuration(proxyBeanMethods = false)
class ApiKeySecurity {

    /** Who is calling: the account, and with which of its keys. */
    static final class ApiKey extends AbstractAuthenticationToken {

        private final String key;
        private final String accountId;
        private final boolean secret;

        private ApiKey(String key, String accountId, boolean secret) {
            super(
                    secret
                            ? AuthorityUtils.createAuthorityList("ROLE_SECRET")
                            : AuthorityUtils.createAuthorityList("ROLE_PUBLISHABLE"));
            this.key = key;
            this.accountId = accountId;
            this.secret = secret;
            setAuthenticated(accountId != null);
        }

        static ApiKey presented(String key) {
            return new ApiKey(key, null, false);
        }

        String accountId() {
            return accountId;
        }

        boolean isSecret() {
            return secret;
        }

        @Override
        public Object getCredentials() {
            return key;
        }

        @Override
        public Object getPrincipal() {
            return accountId;
        }
    }

    @Bean
    @Order(1)
    SecurityFilterChain pspApi(HttpSecurity http, PspProperties properties, ProblemResponses problems)
            throws Exception {
        var filter = new AuthenticationFilter(accounts(properties.accounts()), ApiKeySecurity::presentedKey);
        filter.setSuccessHandler((request, response, authentication) -> {}); // carry on down the chain
        filter.setFailureHandler((request, response, failure) -> unauthorized(problems, response));
        return http.securityMatcher("/v1/**")
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable()) // API keys are not sent by browsers on their own: no CSRF
                .addFilterAt(filter, BasicAuthenticationFilter.class)
                .authorizeHttpRequests(
                        requests -> requests.requestMatchers(HttpMethod.POST, "/v1/payment_intents/*/confirm")
                                .hasAnyRole("SECRET", "PUBLISHABLE")
                                .anyRequest()
                                .hasRole("SECRET"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(
                                (request, response, e) -> unauthorized(problems, response))
                        .accessDeniedHandler((request, response, e) -> problems.write(
                                response,
                                Problems.of(
                                        HttpStatus.FORBIDDEN,
                                        "forbidden",
                                        "Forbidden",
                                        "This operation needs the secret key; publishable keys may only confirm a"
                                                + " payment intent."))))
                .build();
    }

    /** The fault knobs: the admin key only. */
    @Bean
    @Order(0)
    SecurityFilterChain admin(HttpSecurity http, PspProperties properties, ProblemResponses problems) throws Exception {
        String adminKey = properties.adminKey();
        AuthenticationManager admins = authentication -> {
            if (adminKey != null && same((String) authentication.getCredentials(), adminKey)) {
                return new ApiKey(adminKey, "admin", true);
            }
            throw new BadCredentialsException("unknown admin key");
        };
        var filter = new AuthenticationFilter(admins, ApiKeySecurity::presentedKey);
        filter.setSuccessHandler((request, response, authentication) -> {});
        filter.setFailureHandler((request, response, failure) -> unauthorized(problems, response));
        return http.securityMatcher("/admin/**")
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .addFilterAt(filter, BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .exceptionHandling(errors ->
                        errors.authenticationEntryPoint((request, response, e) -> unauthorized(problems, response)))
                .build();
    }

    /** Probes and metrics open; nothing else outside the API. */
    @Bean
    @Order(2)
    SecurityFilterChain rest(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/error")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    private static Authentication presentedKey(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null; // no key: anonymous, refused by the rules above with a 401
        }
        return ApiKey.presented(header.substring(7).trim());
    }

    private static AuthenticationManager accounts(List<PspProperties.Account> accounts) {
        return authentication -> {
            String key = (String) authentication.getCredentials();
            for (PspProperties.Account account : accounts) {
                if (same(key, account.secretKey())) {
                    return new ApiKey(key, account.id(), true);
                }
                if (same(key, account.publishableKey())) {
                    return new ApiKey(key, account.id(), false);
                }
            }
            throw new BadCredentialsException("unknown API key");
        };
    }

    private static boolean same(String presented, String known) {
        return known != null
                && MessageDigest.isEqual(
                        presented.getBytes(StandardCharsets.UTF_8), known.getBytes(StandardCharsets.UTF_8));
    }

    private static void unauthorized(ProblemResponses problems, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"psp\"");
        problems.write(
                response,
                Problems.of(
                        HttpStatus.UNAUTHORIZED,
                        "unauthorized",
                        "Unauthorized",
                        "A valid API key is required (Authorization: Bearer sk_test_...)."));
    }
}
