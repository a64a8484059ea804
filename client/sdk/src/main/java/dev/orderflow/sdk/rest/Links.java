package dev.orderflow.sdk.rest;

import dev.orderflow.sdk.http.ApiResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 8288 {@code Link} headers and query strings. */
final class Links {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL = Pattern.compile(";\\s*rel=\"?([^\";]+)\"?");

    private Links() {}

    /** The target of the {@code rel="next"} link, resolved against the request URI. */
    static Optional<URI> next(ApiResponse response, URI requested) {
        for (String header : response.headers().allValues("Link")) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                Matcher rel = REL.matcher(link.group(2));
                if (rel.find()
                        && java.util.Arrays.asList(rel.group(1).split("\\s+")).contains("next")) {
                    return Optional.of(requested.resolve(link.group(1)));
                }
            }
        }
        return Optional.empty();
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Appends {@code name=value} to a query being built ({@code ?} or {@code &}). */
    static StringBuilder param(StringBuilder url, String name, Object value) {
        if (value == null) {
            return url;
        }
        url.append(url.indexOf("?") < 0 ? '?' : '&').append(name).append('=').append(q(String.valueOf(value)));
        return url;
    }
}
