package dev.orderflow.edge.pages;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * An error while serving a person's page (a browser navigation: it accepts text/html, and is not a
 * script's call) is shown as the error page; service-defaults' problem+json handler answers every
 * other request. It runs first and declines (returns null) for anything that is not a page.
 */
@Component
class PageErrors implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    private final ErrorPages pages;

    PageErrors(ErrorPages pages) {
        this.pages = pages;
    }

    @Override
    public ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!isPage(request)) {
            return null;
        }
        HttpStatusCode status = ex instanceof ErrorResponse error
                ? error.getStatusCode()
                : HttpStatusCode.valueOf(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        if (status.is5xxServerError()) {
            log.error("Page {} failed", request.getRequestURI(), ex);
        }
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status.value());
        return pages.page(request);
    }

    /** A navigation: asks for HTML and is none of the paths scripts call. */
    static boolean isPage(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.startsWith("/api/")
                || path.startsWith("/bff/")
                || path.startsWith("/psp/")
                || path.equals("/graphql")) {
            return false;
        }
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        List<MediaType> accepted = MediaType.parseMediaTypes(accept);
        return accepted.stream().anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
