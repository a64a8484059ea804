package dev.orderflow.partners.bank;

import javax.xml.namespace.QName;
import org.springframework.core.Ordered;
import org.springframework.ws.context.MessageContext;
import org.springframework.ws.server.EndpointInterceptor;
import org.springframework.ws.server.EndpointInvocationChain;
import org.springframework.ws.server.EndpointMapping;
import org.springframework.ws.server.endpoint.MessageEndpoint;
import org.springframework.ws.server.endpoint.support.PayloadRootUtils;
import org.springframework.xml.transform.TransformerFactoryUtils;

/**
 * The last endpoint mapping: a request whose body no operation of the bank's contract takes is
 * answered with a {@code soap:Client} fault naming the element, not with Spring WS's bare HTTP 404
 * (which a SOAP client such as zeep reports as a transport error, not as the caller's mistake). It
 * passes WS-Security first, like any operation: an unauthenticated caller learns nothing here.
 */
final class UnknownOperations implements EndpointMapping, Ordered {

    private final EndpointInterceptor[] interceptors;

    UnknownOperations(EndpointInterceptor... interceptors) {
        this.interceptors = interceptors;
    }

    @Override
    public EndpointInvocationChain getEndpoint(MessageContext messageContext) {
        MessageEndpoint unknown = context -> {
            QName root = PayloadRootUtils.getPayloadRootQName(
                    context.getRequest().getPayloadSource(), TransformerFactoryUtils.newInstance());
            throw new RefundDesk.InvalidRequest(
                    root == null
                            ? "The request has an empty body; the bank's operations are in its WSDL."
                            : "No operation of the bank's takes " + root + "; the operations are in its WSDL.");
        };
        return new EndpointInvocationChain(unknown, interceptors);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
