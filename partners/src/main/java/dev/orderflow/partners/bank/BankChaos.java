package dev.orderflow.partners.bank;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.ws.context.MessageContext;
import org.springframework.ws.server.EndpointInterceptor;
import org.springframework.ws.soap.SoapBody;
import org.springframework.ws.soap.SoapMessage;

/**
 * How badly the bank behaves right now, for tests and demos of its client: answers slower than a
 * client's timeout, a share of requests failing with a server fault before anything is done, and a
 * share whose effect is applied but whose answer never arrives in time (the client's timeout ends
 * the wait: the case a client must survive without refunding twice). Starts from configuration
 * ({@code orderflow.partners.bank.faults.*}); tests change it at runtime.
 */
@Component
class BankChaos implements EndpointInterceptor {

    /**
     * @param latency added before every request is handled
     * @param faultRate the share of requests answered with a soap:Server fault, nothing done
     * @param lostResponseRate the share of requests applied whose answer is then held back by {@code lostResponseDelay}
     * @param lostResponseDelay longer than any sane client timeout
     */
    record Settings(
            @DefaultValue("0s") Duration latency,
            @DefaultValue("0") double faultRate,
            @DefaultValue("0") double lostResponseRate,
            @DefaultValue("30s") Duration lostResponseDelay) {}

    private final Random chance = new SecureRandom();
    private volatile Settings settings;

    BankChaos(BankProperties properties) {
        this.settings = properties.faults();
    }

    Settings settings() {
        return settings;
    }

    void change(Settings settings) {
        this.settings = settings;
    }

    @Override
    public boolean handleRequest(MessageContext context, Object endpoint) throws Exception {
        Settings now = settings;
        if (!now.latency().isZero()) {
            // The fault itself: a slow bank (on a virtual thread, so it holds no platform thread).
            Thread.sleep(now.latency());
        }
        if (chance.nextDouble() < now.faultRate()) {
            SoapBody body = ((SoapMessage) context.getResponse()).getSoapBody();
            body.addServerOrReceiverFault("The bank is temporarily unavailable; nothing was done. Try again.", null);
            return false;
        }
        return true;
    }

    @Override
    public boolean handleResponse(MessageContext context, Object endpoint) throws Exception {
        Settings now = settings;
        if (chance.nextDouble() < now.lostResponseRate()) {
            Thread.sleep(now.lostResponseDelay()); // done, but the caller stops waiting first
        }
        return true;
    }

    @Override
    public boolean handleFault(MessageContext context, Object endpoint) {
        return true;
    }

    @Override
    public void afterCompletion(MessageContext context, Object endpoint, Exception ex) {}
}
