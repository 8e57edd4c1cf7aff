package dev.jeplua.fibaro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading the parts of an HC3 REST request (query parameters, ids, scalar values) for the route classes of {@link Hc3Api}. */
final class ApiRequest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ApiRequest() {}

    /** The query string's parameters, decoded, in order; a key may repeat. */
    static Map<String, List<String>> parseQuery(String q) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String part : q.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    static String first(Map<String, List<String>> query, String key) {
        List<String> v = query.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static long longParam(Map<String, List<String>> query, String key, long dflt) {
        try {
            String v = first(query, key);
            return v == null ? dflt : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    static Integer intOrNull(String s) {
        if (s == null || !s.matches("-?[0-9]{1,9}")) {
            return null;
        }
        return Integer.parseInt(s);
    }

    /** A query value as JSON: a number when it reads as one (as the emulators do), else a string. */
    static JsonNode scalar(String v) {
        if (v.matches("-?[0-9]+(\\.[0-9]+)?")) {
            return v.contains(".") ? NODES.numberNode(Double.parseDouble(v)) : NODES.numberNode(Long.parseLong(v));
        }
        if (v.equals("true") || v.equals("false")) {
            return NODES.booleanNode(Boolean.parseBoolean(v));
        }
        return NODES.textNode(v);
    }

    /** HC3 keeps global variable values as strings. */
    static String text(JsonNode v) {
        return v.isTextual() ? v.asText() : v.isMissingNode() || v.isNull() ? "" : JsonText.write(v);
    }

    static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Whether a JSON array holds {@code v} (compared as text). */
    static boolean contains(JsonNode array, String v) {
        for (JsonNode n : array) {
            if (n.asText().equals(v)) {
                return true;
            }
        }
        return false;
    }
}
