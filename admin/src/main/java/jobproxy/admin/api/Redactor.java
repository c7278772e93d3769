package jobproxy.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.inject.Singleton;
import jobproxy.admin.AdminSettings;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Hides the values of configured keys (password, token, ...) at any depth of a payload or result before the admin
 * shows it. The stored job is untouched; only what leaves through the admin is redacted.
 */
@Singleton
public class Redactor {
    public static final String MASK = "[redacted]";

    private final Set<String> keys;
    private final ObjectMapper json;

    public Redactor(AdminSettings settings, ObjectMapper json) {
        this.keys = settings.getRedactKeys().stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.json = json;
    }

    /** The JSON text as a tree with secrets masked; text that is not JSON comes back as a string node. */
    public JsonNode redact(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode tree = json.readTree(text);
            walk(tree);
            return tree;
        } catch (java.io.IOException e) {
            return TextNode.valueOf(text);
        }
    }

    private void walk(JsonNode node) {
        if (node instanceof ObjectNode o) {
            var names = new java.util.ArrayList<String>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (keys.contains(name.toLowerCase(Locale.ROOT))) {
                    o.put(name, MASK);
                } else {
                    walk(o.get(name));
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(this::walk);
        }
    }
}
