package dev.orderflow.partners.bank;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;
import org.springframework.ws.soap.SoapMessageCreationException;

/**
 * In front of the bank's SOAP servlet. {@code GET /bank/ws?wsdl}, the address SOAP tools try
 * first, serves the WSDL too (Spring WS serves it at {@code /bank/ws/bank.wsdl} only). A request body
 * is read up to the bank's cap before any XML parser sees it: a larger one is answered with a SOAP
 * client fault and never parsed, so memory stays bounded whatever is sent.
 */
class BankRequestFilter extends OncePerRequestFilter {

    private final int maxBytes;

    BankRequestFilter(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("GET".equals(request.getMethod()) && "wsdl".equalsIgnoreCase(request.getQueryString())) {
            wsdl(request, response);
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            fault(response, "The request is larger than " + maxBytes + " bytes.");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            fault(response, "The request is larger than " + maxBytes + " bytes.");
            return;
        }
        try {
            chain.doFilter(new Buffered(request, body), response);
        } catch (ServletException e) {
            // A body SAAJ refuses to parse (a DTD, which SOAP forbids and which would bring entities;
            // malformed XML) fails before Spring WS has a message to fault: answer the fault here.
            if (!(e.getCause() instanceof SoapMessageCreationException) || response.isCommitted()) {
                throw e;
            }
            response.reset();
            fault(response, "The request is not a SOAP 1.1 message this bank accepts (no DTDs, well-formed XML).");
        }
    }

    /**
     * The contract's WSDL with absolute locations: its XSD import is relative ({@code bank-types.xsd}),
     * which resolves against {@code /bank/ws/bank.wsdl} but, from {@code /bank/ws?wsdl}, would point
     * one level up; and its address is where this request came to.
     */
    private static void wsdl(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String base = request.getRequestURL().toString(); // .../bank/ws
        String wsdl;
        try (InputStream in = new ClassPathResource("wsdl/bank.wsdl").getInputStream()) {
            wsdl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        wsdl = wsdl.replace("schemaLocation=\"bank-types.xsd\"", "schemaLocation=\"" + base + "/bank-types.xsd\"")
                .replace("location=\"http://localhost:8085/bank/ws\"", "location=\"" + base + "\"");
        response.setContentType("text/xml;charset=UTF-8");
        response.getOutputStream().write(wsdl.getBytes(StandardCharsets.UTF_8));
    }

    /** A SOAP 1.1 client fault (HTTP 500, as SOAP 1.1 over HTTP has it), written without any parser. */
    static void fault(HttpServletResponse response, String reason) throws IOException {
        response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        response.setContentType("text/xml;charset=UTF-8");
        response.setHeader("Connection", "close"); // the rest of the body is not read
        response.getOutputStream()
                .write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                                + "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                                + "<SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode>"
                                + "<faultstring xml:lang=\"en\">" + HtmlUtils.htmlEscape(reason) + "</faultstring>"
                                + "</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return false;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
