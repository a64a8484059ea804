package dev.orderflow.orders.refund;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A stand-in for the partner bank (bank.wsdl) whose faults and timing tests decide: SOAP 1.1 over
 * HTTP, the WS-Security UsernameToken digest checked (OASIS UsernameToken Profile 1.1 §3.1), a
 * refund id applied once (a repeat with the same content answers the refund as it is, other
 * content is a RefundIdReusedFault), and settlement on the first status read after acceptance.
 * The real bank (partners) is exercised by its own tests and the e2e suite.
 */
public final class FakeBank implements AutoCloseable {

    public static final String USERNAME = "orderflow-orders";
    public static final String PASSWORD = "fake-bank-secret";
    private static final String NS = "https://orderflow.dev/bank/v1";
    private static final String WSSE =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static final String WSU =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    /** One request as the bank saw it. */
    public record Request(String operation, String refundId, Instant at) {}

    /** A refund the bank holds. */
    record Held(String paymentReference, long amount, String currency, String reason, String status) {}

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Held> refunds = new ConcurrentHashMap<>();
    private final int port;
    private volatile HttpServer server;
    private final AtomicInteger hangAfterApplying = new AtomicInteger();
    private volatile Duration hang = Duration.ofSeconds(3);
    private final AtomicInteger serverFaults = new AtomicInteger();
    private volatile String refuseWith;
    private volatile boolean rejectAtSettlement;

    public FakeBank() {
        this.port = start(0);
    }

    private int start(int wanted) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", wanted), 50);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/bank/ws", this::handle);
            server.start();
            return server.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/bank/ws");
    }

    /** The bank unreachable: its port refuses connections until {@link #up()}. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public synchronized void up() {
        if (server == null) {
            start(port);
        }
    }

    /** The next {@code count} refund requests are applied, then answered only after {@code hang}. */
    public void hangAfterApplying(int count, Duration hang) {
        this.hang = hang;
        hangAfterApplying.set(count);
    }

    /** The next {@code count} requests get a soap:Server fault, nothing done. */
    public void serverFaults(int count) {
        serverFaults.set(count);
    }

    /** The next refund request gets this typed business fault (e.g. {@code AccountBlockedFault}). */
    public void refuseNextWith(String faultElement) {
        refuseWith = faultElement;
    }

    /** Refunds accepted from now on are REJECTED at settlement. */
    public void rejectAtSettlement(boolean reject) {
        rejectAtSettlement = reject;
    }

    /**
     * The refunds the bank holds for a payment, as {@code id=amount status}: what was really paid
     * back, however many requests it took (a client that changed ids on retry would show two here).
     */
    public List<String> refundsOf(String paymentReference) {
        return refunds.entrySet().stream()
                .filter(e -> e.getValue().paymentReference().equals(paymentReference))
                .map(e -> e.getKey() + "=" + e.getValue().amount() + " "
                        + e.getValue().status())
                .sorted()
                .toList();
    }

    public long requestsFor(String refundId, String operation) {
        return requests.stream()
                .filter(r -> r.refundId().equals(refundId) && r.operation().equals(operation))
                .count();
    }

    public void reset() {
        hangAfterApplying.set(0);
        serverFaults.set(0);
        refuseWith = null;
        rejectAtSettlement = false;
    }

    /** Applies a refund as if a client had sent it: what a process that died after sending leaves behind. */
    public void applyAsIfSent(String refundId, String paymentReference, long amount, String currency, String reason) {
        request(refundId, paymentReference, amount, currency, reason);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Document envelope = parse(exchange.getRequestBody().readAllBytes());
            Element body = child(envelope.getDocumentElement(), "Body");
            Element payload = firstElement(body);
            String operation = payload.getLocalName().replaceFirst("Request$", "");
            String refundId = text(payload, "refundId");
            requests.add(new Request(operation, refundId, Instant.now()));
            String failure = securityFailure(envelope);
            if (failure != null) {
                fault(exchange, "Client", failure, "");
                return;
            }
            if (serverFaults.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                fault(exchange, "Server", "The bank is temporarily unavailable; nothing was done.", "");
                return;
            }
            switch (operation) {
                case "RequestRefund" -> requestRefund(exchange, payload, refundId);
                case "GetRefundStatus" -> status(exchange, refundId);
                default -> fault(exchange, "Client", "Unsupported operation " + operation, "");
            }
        } catch (Exception e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private void requestRefund(HttpExchange exchange, Element payload, String refundId) throws Exception {
        String refusal = refuseWith;
        if (refusal != null) {
            refuseWith = null;
            fault(exchange, "Client", "Refused: " + refusal, typed(refusal, "The bank refuses this refund."));
            return;
        }
        Held held = request(
                refundId,
                text(payload, "paymentReference"),
                Long.parseLong(text(payload, "amount")),
                text(payload, "currency"),
                text(payload, "reason"));
        if (held == null) {
            fault(exchange, "Client", "Refund id reused", typed("RefundIdReusedFault", "Refund id reused."));
            return;
        }
        if (hangAfterApplying.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            Thread.sleep(hang.toMillis()); // the fault itself: applied, but the answer comes too late
        }
        respond(
                exchange,
                200,
                envelope("<b:RequestRefundResponse xmlns:b=\"" + NS + "\">" + refund(refundId, held)
                        + "</b:RequestRefundResponse>"));
    }

    /** The refund, applied once; null when the id was used with other content. */
    private synchronized Held request(String refundId, String reference, long amount, String currency, String reason) {
        Held existing = refunds.get(refundId);
        Held asked = new Held(reference, amount, currency, reason, "ACCEPTED");
        if (existing != null) {
            boolean same = existing.paymentReference().equals(reference)
                    && existing.amount() == amount
                    && existing.currency().equals(currency)
                    && java.util.Objects.equals(existing.reason(), reason);
            return same ? existing : null;
        }
        refunds.put(refundId, asked);
        return asked;
    }

    private void status(HttpExchange exchange, String refundId) throws IOException {
        Held held = refunds.computeIfPresent(
                refundId,
                (id, h) -> h.status().equals("ACCEPTED")
                        ? new Held(
                                h.paymentReference(),
                                h.amount(),
                                h.currency(),
                                h.reason(),
                                rejectAtSettlement ? "REJECTED" : "SETTLED")
                        : h);
        if (held == null) {
            fault(exchange, "Client", "No refund " + refundId, typed("UnknownRefundFault", "No such refund."));
            return;
        }
        respond(
                exchange,
                200,
                envelope("<b:GetRefundStatusResponse xmlns:b=\"" + NS + "\">" + refund(refundId, held)
                        + "</b:GetRefundStatusResponse>"));
    }

    private static String refund(String refundId, Held held) {
        return "<b:refund><b:refundId>" + refundId + "</b:refundId><b:paymentReference>" + held.paymentReference()
                + "</b:paymentReference><b:amount>" + held.amount() + "</b:amount><b:currency>" + held.currency()
                + "</b:currency><b:status>" + held.status() + "</b:status>"
                + (held.status().equals("REJECTED")
                        ? "<b:rejectionCode>BENEFICIARY_ACCOUNT_CLOSED</b:rejectionCode>"
                        : "")
                + "<b:requestedAt>2026-12-02T10:00:00Z</b:requestedAt></b:refund>";
    }

    private static String typed(String element, String message) {
        return "<detail><b:" + element + " xmlns:b=\"" + NS + "\"><b:message>" + message + "</b:message></b:" + element
                + "></detail>";
    }

    /** UsernameToken with a PasswordDigest of nonce + created + password, and a Timestamp. */
    private static String securityFailure(Document envelope) throws Exception {
        var tokens = envelope.getElementsByTagNameNS(WSSE, "UsernameToken");
        if (tokens.getLength() != 1
                || envelope.getElementsByTagNameNS(WSU, "Timestamp").getLength() != 1) {
            return "wsse:InvalidSecurity: a UsernameToken and a Timestamp are required";
        }
        Element token = (Element) tokens.item(0);
        Element password =
                (Element) token.getElementsByTagNameNS(WSSE, "Password").item(0);
        String nonce = token.getElementsByTagNameNS(WSSE, "Nonce").item(0).getTextContent();
        String created = token.getElementsByTagNameNS(WSU, "Created").item(0).getTextContent();
        if (!USERNAME.equals(
                        token.getElementsByTagNameNS(WSSE, "Username").item(0).getTextContent())
                || !password.getAttribute("Type").endsWith("#PasswordDigest")) {
            return "wsse:FailedAuthentication";
        }
        var sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(Base64.getDecoder().decode(nonce));
        sha1.update(created.getBytes(StandardCharsets.UTF_8));
        sha1.update(PASSWORD.getBytes(StandardCharsets.UTF_8));
        String digest = Base64.getEncoder().encodeToString(sha1.digest());
        return digest.equals(password.getTextContent()) ? null : "wsse:FailedAuthentication";
    }

    private static Document parse(byte[] xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new IllegalArgumentException("no " + localName);
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        throw new IllegalArgumentException("empty " + parent.getLocalName());
    }

    private static String text(Element parent, String localName) {
        var found = parent.getElementsByTagNameNS(NS, localName);
        return found.getLength() == 0 ? null : found.item(0).getTextContent();
    }

    private static String envelope(String body) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>" + body
                + "</soap:Body></soap:Envelope>";
    }

    private static void fault(HttpExchange exchange, String code, String message, String detail) throws IOException {
        respond(
                exchange,
                500,
                envelope("<soap:Fault><faultcode>soap:" + code + "</faultcode><faultstring>" + message
                        + "</faultstring>" + detail + "</soap:Fault>"));
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        down();
    }
}
