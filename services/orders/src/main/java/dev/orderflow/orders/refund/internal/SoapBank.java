package dev.orderflow.orders.refund.internal;

import dev.orderflow.contracts.bank.v1.BankFault;
import dev.orderflow.contracts.bank.v1.GetRefundStatusRequest;
import dev.orderflow.contracts.bank.v1.GetRefundStatusResponse;
import dev.orderflow.contracts.bank.v1.Refund;
import dev.orderflow.contracts.bank.v1.RequestRefundRequest;
import dev.orderflow.contracts.bank.v1.RequestRefundResponse;
import dev.orderflow.defaults.tracing.TraceContexts;
import dev.orderflow.orders.refund.BankProperties;
import dev.orderflow.orders.refund.BankRefunds;
import dev.orderflow.orders.refund.BankUnavailable;
import jakarta.xml.bind.JAXBElement;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.wss4j.dom.WSConstants;
import org.springframework.oxm.jaxb.Jaxb2Marshaller;
import org.springframework.stereotype.Component;
import org.springframework.ws.WebServiceException;
import org.springframework.ws.client.core.WebServiceTemplate;
import org.springframework.ws.client.support.interceptor.ClientInterceptor;
import org.springframework.ws.soap.SoapFaultDetail;
import org.springframework.ws.soap.SoapFaultDetailElement;
import org.springframework.ws.soap.client.SoapFaultClientException;
import org.springframework.ws.soap.security.wss4j2.Wss4jSecurityInterceptor;
import org.springframework.ws.transport.HeadersAwareSenderWebServiceConnection;
import org.springframework.ws.transport.context.TransportContextHolder;
import org.springframework.ws.transport.http.JdkHttpClientMessageSender;

/**
 * The bank's SOAP API (bank.wsdl), consumed with Spring WS's {@link WebServiceTemplate} on the JAXB
 * types generated from the WSDL. Every request carries a WS-Security header (a UsernameToken with
 * the password as a digest, a nonce and its creation time, and a Timestamp), the connection and the
 * answer have timeouts, and the bank's typed faults become answers in the domain's words.
 *
 * <p>There is no retry or circuit breaker here: the refund job is the retry (durable, with backoff
 * and jitter between attempts, stopping its round at the first call without an answer), and a
 * retry in place would only hold its thread longer on a bank that is down.
 */
@Component
class SoapBank implements BankRefunds {

    /** The largest refund the bank takes in one request (bank-types.xsd, AmountMinor). */
    static final long MAX_AMOUNT = 99_999_999;

    private static final String NAMESPACE = "https://orderflow.dev/bank/v1";

    private final WebServiceTemplate soap;
    private final boolean configured;
    private final TraceContexts traces;

    SoapBank(BankProperties properties, TraceContexts traces) throws Exception {
        this.traces = traces;
        this.configured = properties.username() != null && properties.password() != null;
        var marshaller = new Jaxb2Marshaller();
        marshaller.setContextPath(Refund.class.getPackageName());
        marshaller.afterPropertiesSet();
        var sender = new JdkHttpClientMessageSender();
        sender.setConnectionTimeout(properties.connectTimeout());
        sender.setRequestTimeout(properties.readTimeout());
        sender.afterPropertiesSet();
        this.soap = new WebServiceTemplate(marshaller);
        soap.setDefaultUri(properties.url().toString());
        soap.setMessageSender(sender);
        if (configured) {
            soap.setInterceptors(new ClientInterceptor[] {security(properties)});
        }
    }

    /** For the client slice test: Spring WS's MockWebServiceServer stands in for the bank behind it. */
    WebServiceTemplate template() {
        return soap;
    }

    /** WS-Security as the bank requires it (OASIS UsernameToken Profile 1.1 §3.1: digest of nonce + created + password). */
    private static Wss4jSecurityInterceptor security(BankProperties properties) throws Exception {
        var security = new Wss4jSecurityInterceptor();
        security.setSecurementActions("Timestamp UsernameToken");
        security.setSecurementUsername(properties.username());
        security.setSecurementPassword(properties.password());
        security.setSecurementPasswordType(WSConstants.PW_DIGEST);
        security.setSecurementUsernameTokenNonce(true);
        security.setSecurementUsernameTokenCreated(true);
        security.setSecurementTimeToLive(300);
        security.setValidateResponse(false); // the bank signs nothing back; its answer comes over the same connection
        security.afterPropertiesSet();
        return security;
    }

    @Override
    public Answer request(Request request) {
        if (request.amount().amountMinor() > MAX_AMOUNT) {
            return Answer.refused("amount_too_large: the bank takes refunds of at most " + MAX_AMOUNT
                    + " minor units in one request; refund in parts");
        }
        var body = new RequestRefundRequest();
        body.setRefundId(request.refundId().toString());
        body.setPaymentReference(request.paymentReference());
        body.setAmount(Math.toIntExact(request.amount().amountMinor()));
        body.setCurrency(request.amount().currency());
        body.setReason(request.reason());
        try {
            return answer(((RequestRefundResponse) call(body)).getRefund());
        } catch (SoapFaultClientException fault) {
            return Answer.refused(refusal(fault));
        }
    }

    @Override
    public Answer status(UUID refundId) {
        var body = new GetRefundStatusRequest();
        body.setRefundId(refundId.toString());
        try {
            return answer(((GetRefundStatusResponse) call(body)).getRefund());
        } catch (SoapFaultClientException fault) {
            String refusal = refusal(fault);
            if (refusal.startsWith("unknown_refund")) {
                return Answer.of(Answer.Status.UNKNOWN);
            }
            throw new BankUnavailable("The bank refused to tell the refund's status: " + refusal, fault);
        }
    }

    /** One round trip; a business fault is thrown on, anything else is no answer to rely on. */
    private Object call(Object body) {
        if (!configured) {
            throw new BankUnavailable(
                    "No WS-Security credentials for the bank (orderflow.orders.bank.username/password)", null);
        }
        // Spring WS has no tracing of its own: the call's span, and its trace context as an HTTP
        // header (traceparent) of the SOAP request, are added here.
        Map<String, String> trace = new LinkedHashMap<>();
        String operation = body.getClass().getSimpleName().replaceFirst("Request$", "");
        try (var call = traces.call("bank " + operation, "bank", trace::put)) {
            try {
                return soap.marshalSendAndReceive(body, message -> {
                    if (TransportContextHolder.getTransportContext().getConnection()
                            instanceof HeadersAwareSenderWebServiceConnection http) {
                        for (var header : trace.entrySet()) {
                            http.addRequestHeader(header.getKey(), header.getValue());
                        }
                    }
                });
            } catch (RuntimeException e) {
                call.error(e);
                throw e;
            }
        } catch (SoapFaultClientException fault) {
            if (typedDetail(fault) == null) {
                // A fault the WSDL does not declare: a server fault, or a WS-Security failure (our
                // configuration or clock): not the bank's verdict on the refund.
                throw new BankUnavailable("The bank answered with a fault: " + fault.getFaultStringOrReason(), fault);
            }
            throw fault;
        } catch (WebServiceException e) {
            throw new BankUnavailable("No answer from the bank: " + e.getMessage(), e);
        }
    }

    private static Answer answer(Refund refund) {
        return switch (refund.getStatus()) {
            case ACCEPTED -> Answer.of(Answer.Status.PENDING);
            case SETTLED -> Answer.of(Answer.Status.SETTLED);
            case REJECTED -> Answer.refused("rejected: the bank rejected it at settlement ("
                    + (refund.getRejectionCode() == null
                            ? "no code"
                            : refund.getRejectionCode().value()) + ")");
        };
    }

    /** A typed fault's detail as a code and the bank's message: {@code account_blocked: ...}. */
    private String refusal(SoapFaultClientException fault) {
        SoapFaultDetailElement entry = typedDetail(fault);
        String name = entry.getName().getLocalPart().replaceFirst("Fault$", "");
        String code = name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        Object detail = unmarshal(entry);
        String message = detail instanceof BankFault typed ? typed.getMessage() : fault.getFaultStringOrReason();
        return code + ": " + message;
    }

    private Object unmarshal(SoapFaultDetailElement entry) {
        try {
            Object value = soap.getUnmarshaller().unmarshal(entry.getSource());
            return value instanceof JAXBElement<?> element ? element.getValue() : value;
        } catch (Exception e) {
            return null; // the code alone still says what happened
        }
    }

    private static SoapFaultDetailElement typedDetail(SoapFaultClientException fault) {
        SoapFaultDetail detail = fault.getSoapFault().getFaultDetail();
        if (detail == null) {
            return null;
        }
        for (Iterator<SoapFaultDetailElement> entries = detail.getDetailEntries(); entries.hasNext(); ) {
            SoapFaultDetailElement entry = entries.next();
            if (NAMESPACE.equals(entry.getName().getNamespaceURI())
                    && entry.getName().getLocalPart().endsWith("Fault")) {
                return entry;
            }
        }
        return null;
    }
}
