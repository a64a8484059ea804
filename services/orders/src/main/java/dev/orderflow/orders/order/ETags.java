package dev.orderflow.orders.order;

/** Entity-tag comparison for If-Match (RFC 9110 §13.1.1: strong comparison, {@code *} matches any). */
final class ETags {

    private ETags() {}

    static boolean strongMatch(String ifMatch, String current) {
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || (!tag.startsWith("W/") && tag.equals(current))) {
                return true;
            }
        }
        return false;
    }
}
