package dev.orderflow.defaults;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The methods a path supports, as Spring MVC's request mappings declare them, for an {@code Allow}
 * header written outside Spring MVC (a 405 the container answered, e.g. for TRACE). GET implies
 * HEAD, and OPTIONS is always answered (Spring MVC does both by itself).
 */
public class AllowedMethods {

    private final RequestMappingHandlerMapping mappings;

    public AllowedMethods(RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    /** In the order RFC 9110 lists them; empty when no mapping matches the path. */
    public List<String> at(String path) {
        PathContainer requested = PathContainer.parsePath(path);
        Set<RequestMethod> allowed = EnumSet.noneOf(RequestMethod.class);
        mappings.getHandlerMethods().keySet().forEach(info -> {
            PathPatternsRequestCondition patterns = info.getPathPatternsCondition();
            if (patterns != null && patterns.getPatterns().stream().anyMatch(p -> p.matches(requested))) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                allowed.addAll(methods.isEmpty() ? EnumSet.allOf(RequestMethod.class) : methods);
            }
        });
        if (allowed.isEmpty()) {
            return List.of();
        }
        if (allowed.contains(RequestMethod.GET)) {
            allowed.add(RequestMethod.HEAD);
        }
        allowed.add(RequestMethod.OPTIONS);
        allowed.remove(RequestMethod.TRACE);
        return allowed.stream()
                .map(RequestMethod::asHttpMethod)
                .map(HttpMethod::name)
                .toList();
    }
}
