package dev.orderflow.partners.bank;

import dev.orderflow.contracts.bank.v1.GetRefundStatusRequest;
import dev.orderflow.contracts.bank.v1.GetRefundStatusResponse;
import dev.orderflow.contracts.bank.v1.ListRefundsRequest;
import dev.orderflow.contracts.bank.v1.ListRefundsResponse;
import dev.orderflow.contracts.bank.v1.Refund;
import dev.orderflow.contracts.bank.v1.RefundStatus;
import dev.orderflow.contracts.bank.v1.RejectionCode;
import dev.orderflow.contracts.bank.v1.RequestRefundRequest;
import dev.orderflow.contracts.bank.v1.RequestRefundResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.GregorianCalendar;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.springframework.ws.server.endpoint.annotation.Endpoint;
import org.springframework.ws.server.endpoint.annotation.PayloadRoot;
import org.springframework.ws.server.endpoint.annotation.RequestPayload;
import org.springframework.ws.server.endpoint.annotation.ResponsePayload;

/** The WSDL's three operations, translated between the generated JAXB types and the {@link RefundDesk}. */
@Endpoint
class BankEndpoint {

    static final String NAMESPACE = "https://orderflow.dev/bank/v1";

    private final RefundDesk desk;
    private final DatatypeFactory dates;

    BankEndpoint(RefundDesk desk) throws DatatypeConfigurationException {
        this.desk = desk;
        this.dates = DatatypeFactory.newInstance();
    }

    @PayloadRoot(namespace = NAMESPACE, localPart = "RequestRefundRequest")
    @ResponsePayload
    RequestRefundResponse requestRefund(@RequestPayload RequestRefundRequest request) {
        var refund = desk.request(new RefundDesk.Request(
                request.getRefundId(),
                request.getPaymentReference(),
                request.getAmount(),
                request.getCurrency(),
                request.getReason()));
        var response = new RequestRefundResponse();
        response.setRefund(view(refund));
        return response;
    }

    @PayloadRoot(namespace = NAMESPACE, localPart = "GetRefundStatusRequest")
    @ResponsePayload
    GetRefundStatusResponse getRefundStatus(@RequestPayload GetRefundStatusRequest request) {
        var response = new GetRefundStatusResponse();
        response.setRefund(view(desk.status(request.getRefundId())));
        return response;
    }

    @PayloadRoot(namespace = NAMESPACE, localPart = "ListRefundsRequest")
    @ResponsePayload
    ListRefundsResponse listRefunds(@RequestPayload ListRefundsRequest request) {
        Instant from = instant(request.getFrom());
        Instant to = instant(request.getTo());
        int size = request.getPageSize() == null ? 20 : request.getPageSize();
        var page = desk.list(from, to, size, request.getPageToken());
        var response = new ListRefundsResponse();
        page.refunds().forEach(refund -> response.getRefund().add(view(refund)));
        response.setNextPageToken(page.nextPageToken());
        return response;
    }

    private Refund view(BankRefund refund) {
        var view = new Refund();
        view.setRefundId(refund.refundId());
        view.setPaymentReference(refund.paymentReference());
        view.setAmount(Math.toIntExact(refund.amount())); // the contract caps amounts at 99,999,999
        view.setCurrency(refund.currency());
        view.setReason(refund.reason());
        view.setStatus(RefundStatus.fromValue(refund.status()));
        if (refund.rejectionCode() != null) {
            view.setRejectionCode(RejectionCode.fromValue(refund.rejectionCode()));
        }
        view.setRequestedAt(xml(refund.requestedAt()));
        if (refund.settledAt() != null) {
            view.setSettledAt(xml(refund.settledAt()));
        }
        return view;
    }

    private XMLGregorianCalendar xml(Instant instant) {
        return dates.newXMLGregorianCalendar(GregorianCalendar.from(instant.atZone(ZoneOffset.UTC)));
    }

    /** A dateTime without a zone is taken as UTC (the contract's times are UTC). */
    private static Instant instant(XMLGregorianCalendar time) {
        if (time.getTimezone() == javax.xml.datatype.DatatypeConstants.FIELD_UNDEFINED) {
            time.setTimezone(0);
        }
        return time.toGregorianCalendar().toInstant();
    }
}
