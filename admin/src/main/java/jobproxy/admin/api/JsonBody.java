package jobproxy.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/** Request bodies read strictly: JSON objects with known fields only, else a 400 naming what is wrong. */
final class JsonBody {
    private JsonBody() {
    }

    static ObjectNode object(ObjectMapper json, String body, Set<String> known) {
        JsonNode tree;
        try {
            tree = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (IOException e) {
            throw ApiError.bad("body: not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (!(tree instanceof ObjectNode o)) {
            throw ApiError.bad("body: expected a JSON object");
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw ApiError.bad("body." + f + ": unknown field; known: " + new java.util.TreeSet<>(known));
            }
        }
        return o;
    }

    static String text(ObjectNode o, String field, boolean required) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiError.bad(field + ": required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw ApiError.bad(field + ": must be a string");
        }
        return v.asText();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
