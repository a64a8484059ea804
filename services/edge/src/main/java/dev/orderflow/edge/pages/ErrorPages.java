package dev.orderflow.edge.pages;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors as a page for people (a browser asks for text/html); every other caller keeps the
 * problem+json answer of service-defaults' error controller, which maps the same path.
 */
@Controller
class ErrorPages {

    @RequestMapping(path = "${server.error.path:/error}", produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView page(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        var page = new ModelAndView("error");
        page.setStatus(status);
        page.addObject("status", status.value());
        page.addObject("title", title(status));
        page.addObject("detail", detail(status));
        return page;
    }

    private static String title(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "There is no such page";
            case FORBIDDEN -> "That is not yours to see";
            case UNAUTHORIZED -> "Please sign in";
            case BAD_GATEWAY -> "Part of the shop is not answering";
            default -> status.is5xxServerError() ? "Something went wrong on our side" : "That did not work";
        };
    }

    private static String detail(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "The address may be mistyped, or the page has moved.";
            case FORBIDDEN -> "You are signed in, but this page belongs to someone else, or the form expired.";
            case UNAUTHORIZED -> "Your session has ended.";
            default -> status.is5xxServerError()
                    ? "Please try again in a moment."
                    : "The request could not be processed.";
        };
    }
}
