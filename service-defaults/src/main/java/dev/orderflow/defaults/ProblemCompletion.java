package dev.orderflow.defaults;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Completes every {@link ProblemDetail} a handler returns (type, title, correlation id), so that a
 * service's {@code @ExceptionHandler} only says what went wrong: it returns
 * {@code Problems.of(status, kind, title, detail)}, or a {@code ResponseEntity} of one when it adds
 * headers, and Spring MVC writes it as {@code application/problem+json}.
 */
@RestControllerAdvice
public class ProblemCompletion implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            ProblemResponses.complete(problem);
        }
        return body;
    }
}
