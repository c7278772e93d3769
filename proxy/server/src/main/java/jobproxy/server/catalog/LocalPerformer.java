package jobproxy.server.catalog;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jobproxy.db.jobs.Backoff;
import jobproxy.performer.JobDefaults;
import jobproxy.performer.Performer;
import jobproxy.performer.Performers;
import jobproxy.performer.UniqueOn;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** A performer class present in this process, with its payload type resolved for JSON binding. */
public final class LocalPerformer {
    private final Performer<?, ?> performer;
    private final String name;
    private final JavaType payloadType;
    private final JobDefaults defaults;
    private final ObjectMapper json;
    /** Built once: a reader per enqueue was a fresh ObjectReader and its lookups on the enqueue path. */
    private final ObjectReader payloadReader;

    LocalPerformer(Performer<?, ?> performer, ObjectMapper json) {
        this.performer = performer;
        this.name = performer.name();
        this.json = json;
        this.payloadType = json.getTypeFactory().constructType(performer.payloadType());
        this.payloadReader = json.readerFor(payloadType);
        this.defaults = Performers.defaults(performer);
    }

    public String name() {
        return name;
    }

    public Performer<?, ?> performer() {
        return performer;
    }

    public JobDefaults defaults() {
        return defaults;
    }

    public String payloadTypeName() {
        return payloadType.toCanonical();
    }

    /** Binds payload JSON to the performer's payload type; throws with Jackson's reason when it does not fit. */
    public Object bind(String payloadJson) throws IOException {
        return payloadReader.readValue(payloadJson);
    }

    /** The same, from an already parsed tree (enqueue parses once, strictly, then binds). */
    public Object bind(com.fasterxml.jackson.databind.JsonNode tree) throws IOException {
        return payloadReader.readValue(tree);
    }

    public String writeResult(Object result) throws IOException {
        return json.writeValueAsString(result);
    }

    KnownPerformer.RegisteredDefaults registeredDefaults() {
        jobproxy.performer.Backoff b = defaults.backoff();
        Backoff stored = new Backoff(Backoff.Kind.valueOf(b.kind().name()), b.initial().toMillis(), b.multiplier(),
                b.max().toMillis(), b.jitter());
        UniqueOn uniqueOn = performer.getClass().getAnnotation(UniqueOn.class);
        List<String> fields = uniqueOn == null ? null : Arrays.asList(uniqueOn.value());
        return new KnownPerformer.RegisteredDefaults(defaults.maxAttempts(),
                defaults.timeout().map(java.time.Duration::toMillis).orElse(null), stored, defaults.exclusionLimit(),
                defaults.globalLimit().orElse(null), fields);
    }
}
