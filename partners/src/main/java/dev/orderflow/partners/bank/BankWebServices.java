package dev.orderflow.partners.bank;

import java.util.List;
import org.apache.wss4j.common.ConfigurationConstants;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.ws.config.annotation.WsConfigurer;
import org.springframework.ws.server.EndpointInterceptor;
import org.springframework.ws.server.endpoint.adapter.MessageEndpointAdapter;
import org.springframework.ws.soap.security.wss4j2.Wss4jSecurityInterceptor;
import org.springframework.ws.soap.server.endpoint.interceptor.PayloadValidatingInterceptor;
import org.springframework.ws.wsdl.wsdl11.SimpleWsdl11Definition;
import org.springframework.xml.xsd.SimpleXsdSchema;
import org.springframework.xml.xsd.XsdSchema;

/**
 * The bank's SOAP service on Spring WS, at {@code /bank/ws} ({@code spring.webservices.path}; Spring
 * Boot registers the servlet and enables Spring WS, and this adds the interceptors): the
 * contract's own WSDL and XSD served as they are (addresses rewritten to where they were fetched
 * from), WS-Security checked by WSS4J before anything else, then the request validated against the
 * XSD, then the endpoint.
 */
@Configuration
class BankWebServices implements WsConfigurer {

    private final BankProperties properties;
    private final JdbcReplayCache nonces;
    private final BankChaos chaos;

    BankWebServices(BankProperties properties, JdbcReplayCache nonces, BankChaos chaos) {
        this.properties = properties;
        this.nonces = nonces;
        this.chaos = chaos;
    }

    /** {@code /bank/ws/bank.wsdl}: the contract file itself, never a WSDL derived from code. */
    @Bean(name = "bank")
    SimpleWsdl11Definition bankWsdl() {
        return new SimpleWsdl11Definition(new ClassPathResource("wsdl/bank.wsdl"));
    }

    /** {@code /bank/ws/bank-types.xsd}, which the WSDL imports. */
    @Bean(name = "bank-types")
    XsdSchema bankTypes() {
        return new SimpleXsdSchema(new ClassPathResource("wsdl/bank-types.xsd"));
    }

    /** After the contract's operations: anything else is a Client fault (see {@link UnknownOperations}). */
    @Bean
    UnknownOperations unknownOperations() {
        return new UnknownOperations(security());
    }

    /** Runs {@link UnknownOperations}' endpoint, a plain {@code MessageEndpoint}. */
    @Bean
    MessageEndpointAdapter messageEndpointAdapter() {
        return new MessageEndpointAdapter();
    }

    @Override
    public void addInterceptors(List<EndpointInterceptor> interceptors) {
        interceptors.add(security());
        interceptors.add(validation());
        interceptors.add(chaos); // after security: an unauthenticated caller gets no special treatment
    }

    /**
     * A UsernameToken with a PasswordDigest (the password never travels), its nonce never seen
     * before and its Created within the allowed skew, either way; a Timestamp, when present, within
     * the same bounds. Anything else is a WS-Security fault and the endpoint is never reached.
     */
    Wss4jSecurityInterceptor security() {
        int skew = (int) properties.clockSkew().toSeconds();
        var security = new Wss4jSecurityInterceptor();
        security.setValidationActions("UsernameToken");
        // the token is required; a Timestamp beside it is welcome and checked, not required
        security.setStrictActionChecking(false);
        security.setValidationCallbackHandler(new DigestPasswords(properties.users()));
        security.setValidationTimeToLive(skew);
        security.setFutureTimeToLive(skew);
        security.setTimestampStrict(true);
        security.setWsHandlerOption(ConfigurationConstants.TTL_USERNAMETOKEN, String.valueOf(skew));
        security.setWsHandlerOption(ConfigurationConstants.TTL_FUTURE_USERNAMETOKEN, String.valueOf(skew));
        security.setValidationReplayCache(nonces);
        security.setSecurementMustUnderstand(false);
        return security;
    }

    PayloadValidatingInterceptor validation() {
        var validation = new PayloadValidatingInterceptor();
        validation.setXsdSchema(bankTypes());
        validation.setValidateRequest(true);
        validation.setValidateResponse(false);
        return validation;
    }

    /** Message-level security: the HTTP layer lets SOAP requests through to WS-Security. */
    @Bean
    @Order(0)
    SecurityFilterChain bankSoap(HttpSecurity http) throws Exception {
        return http.securityMatcher("/bank/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    FilterRegistrationBean<BankRequestFilter> bankRequestFilter() {
        var registration = new FilterRegistrationBean<>(new BankRequestFilter(properties.maxRequestBytes()));
        registration.addUrlPatterns("/bank/ws", "/bank/ws/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
