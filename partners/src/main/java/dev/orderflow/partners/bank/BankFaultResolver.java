package dev.orderflow.partners.bank;

import dev.orderflow.contracts.bank.v1.AccountBlockedFault;
import dev.orderflow.contracts.bank.v1.AmountExceedsRefundableFault;
import dev.orderflow.contracts.bank.v1.BankFault;
import dev.orderflow.contracts.bank.v1.CurrencyMismatchFault;
import dev.orderflow.contracts.bank.v1.RefundIdReusedFault;
import dev.orderflow.contracts.bank.v1.UnknownPaymentFault;
import dev.orderflow.contracts.bank.v1.UnknownRefundFault;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.ws.soap.SoapFault;
import org.springframework.ws.soap.server.endpoint.AbstractSoapFaultDefinitionExceptionResolver;
import org.springframework.ws.soap.server.endpoint.SoapFaultDefinition;

/**
 * The bank's business faults as the WSDL declares them: a {@code soap:Client} fault whose detail is
 * the typed fault element of {@code bank-types.xsd}, so a generated client (JAX-WS, zeep) can tell
 * them apart. A request the bank cannot use (a bad page token) is a client fault without detail.
 */
@Component
class BankFaultResolver extends AbstractSoapFaultDefinitionExceptionResolver {

    private final JAXBContext jaxb;

    BankFaultResolver() throws JAXBException {
        this.jaxb = JAXBContext.newInstance(UnknownPaymentFault.class.getPackageName());
        setOrder(Ordered.HIGHEST_PRECEDENCE);
    }

    @Override
    protected SoapFaultDefinition getFaultDefinition(Object endpoint, Exception ex) {
        if (ex instanceof BankFaults || ex instanceof RefundDesk.InvalidRequest) {
            var definition = new SoapFaultDefinition();
            definition.setFaultCode(SoapFaultDefinition.CLIENT);
            definition.setFaultStringOrReason(ex.getMessage());
            definition.setLocale(Locale.ENGLISH);
            return definition;
        }
        return null;
    }

    @Override
    protected void customizeFault(Object endpoint, Exception ex, SoapFault fault) {
        if (!(ex instanceof BankFaults business)) {
            return;
        }
        try {
            jaxb.createMarshaller()
                    .marshal(detail(business), fault.addFaultDetail().getResult());
        } catch (JAXBException e) {
            throw new IllegalStateException("The fault detail of " + ex + " cannot be written", e);
        }
    }

    private static BankFault detail(BankFaults fault) {
        BankFault detail =
                switch (fault) {
                    case BankFaults.UnknownPayment f -> {
                        var d = new UnknownPaymentFault();
                        d.setPaymentReference(f.paymentReference);
                        yield d;
                    }
                    case BankFaults.AmountExceedsRefundable f -> {
                        var d = new AmountExceedsRefundableFault();
                        d.setRefundable(f.refundable);
                        yield d;
                    }
                    case BankFaults.CurrencyMismatch f -> {
                        var d = new CurrencyMismatchFault();
                        d.setPaymentCurrency(f.paymentCurrency);
                        yield d;
                    }
                    case BankFaults.AccountBlocked f -> {
                        var d = new AccountBlockedFault();
                        d.setAccount(f.account);
                        yield d;
                    }
                    case BankFaults.RefundIdReused f -> {
                        var d = new RefundIdReusedFault();
                        d.setRefundId(f.refundId);
                        yield d;
                    }
                    case BankFaults.UnknownRefund f -> {
                        var d = new UnknownRefundFault();
                        d.setRefundId(f.refundId);
                        yield d;
                    }
                    default -> throw new IllegalArgumentException(fault.toString());
                };
        detail.setMessage(fault.getMessage());
        return detail;
    }
}
