package jobproxy.server.enqueue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.grpc.Status;
import jakarta.inject.Singleton;
import jobproxy.db.jobs.Backoff;
import jobproxy.db.jobs.NewJob;
import jobproxy.performer.Performers;
import jobproxy.server.catalog.KnownPerformer;
import jobproxy.server.catalog.LocalPerformer;
import jobproxy.server.catalog.PerformerCatalog;
import jobproxy.server.config.EnqueueSettings;
import jobproxy.v1.EnqueueOptions;
import jobproxy.v1.EnqueueRequest;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns an EnqueueRequest into a NewJob with every option resolved, or throws a {@link Rejection} naming the field and
 * the rule (DESIGN I6). Pure apart from the catalog lookup: nothing is written here.
 */
@Singleton
public class EnqueueValidator {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.$-]{0,199}");
    static final long TEN_YEARS_MS = 3650L * 86_400_000L;
    static final long THIRTY_DAYS_MS = 30L * 86_400_000L;
    static final long SEVEN_DAYS_MS = 7L * 86_400_000L;
    static final int MAX_KEY = 512;

    private final PerformerCatalog catalog;
    private final EnqueueSettings settings;
    /** Strict on purpose: duplicate keys and trailing garbage are ambiguous payloads, refused rather than guessed. */
    private final ObjectMapper strict = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public EnqueueValidator(PerformerCatalog catalog, EnqueueSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    public NewJob validate(EnqueueRequest req, long now) {
        String name = req.getJob();
        if (name.isEmpty()) {
            throw Rejection.invalid("job", "must not be empty");
        }
        if (!NAME.matcher(name).matches()) {
            throw Rejection.invalid("job", "must be 1..200 characters of letters, digits, '_', '.', '$' or '-'");
        }
        String payload = req.getPayloadJson().isEmpty() ? "null" : req.getPayloadJson();
        if (payload.length() > settings.getMaxPayloadBytes()
                || payload.getBytes(StandardCharsets.UTF_8).length > settings.getMaxPayloadBytes()) {
            throw new Rejection(Status.Code.RESOURCE_EXHAUSTED,
                    "payload_json: must be at most " + settings.getMaxPayloadBytes() + " bytes");
        }
        KnownPerformer performer = lookup(name);
        JsonNode tree = parse(payload);
        Object bound = performer.local().map(lp -> bind(lp, tree)).orElse(null);
        return options(req.getOptions(), performer, bound, tree, now, name, payload);
    }

    private KnownPerformer lookup(String name) {
        try {
            return catalog.find(name).orElseThrow(() -> new Rejection(Status.Code.NOT_FOUND,
                    "job: no performer named '" + name + "' is registered"));
        } catch (SQLException e) {
            throw new Rejection(Status.Code.UNAVAILABLE, "database unavailable: " + e.getMessage());
        }
    }

    private JsonNode parse(String payload) {
        try {
            return strict.readTree(payload);
        } catch (JsonProcessingException e) {
            throw Rejection.invalid("payload_json", "must be one well-formed JSON document (" + e.getOriginalMessage() + ")");
        } catch (RuntimeException e) { // Jackson's own limits (nesting depth, number length) end up here too
            throw Rejection.invalid("payload_json", "must be one well-formed JSON document (" + e.getMessage() + ")");
        }
    }

    private static Object bind(LocalPerformer lp, JsonNode tree) {
        try {
            return lp.bind(tree);
        } catch (Exception e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw Rejection.invalid("payload_json", "does not fit " + lp.name() + "'s payload type " + lp.payloadTypeName()
                    + " (" + reason + ")");
        }
    }

    private NewJob options(EnqueueOptions o, KnownPerformer performer, Object bound, JsonNode tree, long now, String name,
                           String payload) {
        KnownPerformer.RegisteredDefaults d = performer.defaults();
        int maxAttempts = o.getMaxAttempts() == 0 ? d.maxAttempts() : range("options.max_attempts", o.getMaxAttempts(), 1, 1000);
        long runAt = runAt(o, now);
        Long timeoutMs = d.timeoutMs();
        if (o.hasTimeout() && (o.getTimeout().getSeconds() != 0 || o.getTimeout().getNanos() != 0)) {
            timeoutMs = Math.max(1, ProtoTime.nonNegative(o.getTimeout(), "options.timeout", SEVEN_DAYS_MS, "7 days"));
        }
        Backoff backoff = o.hasBackoff() ? BackoffOption.from(o.getBackoff()) : d.backoff();
        UniqueKey unique = uniqueKey(o.getUniqueKey(), performer, bound, tree, name);
        long uniqueFor = o.hasUniqueFor() ? ProtoTime.nonNegative(o.getUniqueFor(), "options.unique_for", TEN_YEARS_MS, "10 years") : 0;
        String exclusionKey = key("options.exclusion_key", o.getExclusionKey(), performer, bound);
        int exclusionLimit = o.getExclusionLimit() == 0 ? d.exclusionLimit()
                : range("options.exclusion_limit", o.getExclusionLimit(), 1, 10_000);
        if (exclusionKey == null && d.globalLimit() != null) {
            exclusionKey = "performer:" + name; // the performer's global limit is an exclusion key shared by all its jobs
            exclusionLimit = d.globalLimit();
        }
        int priority = range("options.priority", o.getPriority(), -1_000_000, 1_000_000);
        return new NewJob(JobIds.next(now), name, payload, maxAttempts, priority, now, runAt, timeoutMs, backoff,
                unique == null ? null : unique.display(), unique == null ? null : unique.hash(), uniqueFor, exclusionKey,
                exclusionLimit, tags(o.getTagsMap()));
    }

    private static long runAt(EnqueueOptions o, long now) {
        if (o.hasRunAt() && o.hasDelay()) {
            throw Rejection.invalid("options.run_at", "set either run_at or delay, not both");
        }
        if (o.hasRunAt()) {
            long at = ProtoTime.millis(o.getRunAt(), "options.run_at");
            if (at > now + TEN_YEARS_MS) {
                throw Rejection.invalid("options.run_at", "must be within 10 years from now");
            }
            return Math.max(at, now); // a time in the past means now
        }
        if (o.hasDelay()) {
            return now + ProtoTime.nonNegative(o.getDelay(), "options.delay", TEN_YEARS_MS, "10 years");
        }
        return now;
    }

    /** The unique key as people read it, and its hash, which alone decides what is a duplicate. */
    record UniqueKey(String display, String hash) {
    }

    /**
     * Unique key, first that applies: the caller's unique_key; the performer's {@code uniqueKey(payload)}; its
     * {@code @UniqueOn} fields (or the whole payload when it names none), as canonical JSON.
     */
    private static UniqueKey uniqueKey(String given, KnownPerformer performer, Object bound, JsonNode tree, String name) {
        String field = "options.unique_key";
        if (!given.isEmpty()) {
            return new UniqueKey(text(field, given, MAX_KEY), CanonicalJson.hash(name, TextNode.valueOf(given)));
        }
        Optional<LocalPerformer> lp = performer.local();
        String derived = lp.map(p -> Performers.uniqueKey(p.performer(), bound)).orElse(null);
        if (derived != null && !derived.isEmpty()) {
            text(field + " (derived by " + name + ")", derived, MAX_KEY);
            return new UniqueKey(derived, CanonicalJson.hash(name, TextNode.valueOf(derived)));
        }
        List<String> fields = performer.defaults().uniqueOn();
        if (fields == null) {
            return null;
        }
        JsonNode selected = tree;
        if (!fields.isEmpty()) {
            ObjectNode picked = JsonNodeFactory.instance.objectNode();
            fields.forEach(f -> picked.set(f, tree.isObject() && tree.has(f) ? tree.get(f) : NullNode.getInstance()));
            selected = picked;
        }
        String display = CanonicalJson.write(selected);
        return new UniqueKey(display.length() > MAX_KEY ? display.substring(0, MAX_KEY - 1) + "…" : display,
                CanonicalJson.hash(name, selected));
    }

    /** Exclusion key: the caller's exclusion_key, else the performer's {@code exclusionKey(payload)}. */
    private static String key(String field, String given, KnownPerformer performer, Object bound) {
        if (!given.isEmpty()) {
            return text(field, given, MAX_KEY);
        }
        String derived = performer.local().map(p -> Performers.exclusionKey(p.performer(), bound)).orElse(null);
        return derived == null || derived.isEmpty() ? null : text(field + " (derived by " + performer.name() + ")", derived, MAX_KEY);
    }

    private static Map<String, String> tags(Map<String, String> tags) {
        if (tags.size() > 50) {
            throw Rejection.invalid("options.tags", "at most 50 tags");
        }
        Map<String, String> out = new TreeMap<>();
        tags.forEach((k, v) -> {
            if (k.isEmpty()) {
                throw Rejection.invalid("options.tags", "tag names must not be empty");
            }
            out.put(text("options.tags", k, 64), text("options.tags[" + k + "]", v, 512));
        });
        return out;
    }

    static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw Rejection.invalid(field, "must be between " + min + " and " + max + " (was " + value + ")");
        }
        return value;
    }

    /** Text that goes into the database and the admin: bounded, no NUL, no unpaired UTF-16 surrogates. */
    static String text(String field, String value, int maxLength) {
        if (value.length() > maxLength) {
            throw Rejection.invalid(field, "must be at most " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == 0) {
                throw Rejection.invalid(field, "must not contain NUL characters");
            }
            if (Character.isSurrogate(ch)) {
                boolean paired = Character.isHighSurrogate(ch) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw Rejection.invalid(field, "must be valid Unicode (unpaired surrogate at " + i + ")");
                }
                i++;
            }
        }
        return value;
    }
}
