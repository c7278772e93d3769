package jobproxy.admin.api;

import jobproxy.db.jobs.Backoff;
import jobproxy.db.jobs.JobRow;

import java.util.LinkedHashMap;
import java.util.Map;

/** A job's options in protobuf JSON form (EnqueueOptions), for enqueueing a copy of it. */
final class CopyOptions {
    private CopyOptions() {
    }

    static Map<String, Object> of(JobRow j) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("maxAttempts", j.maxAttempts());
        if (j.timeoutMs() != null) {
            o.put("timeout", seconds(j.timeoutMs()));
        }
        Backoff b = j.backoff();
        if (b.kind() == Backoff.Kind.FIXED) {
            o.put("backoff", Map.of("fixed", Map.of("delay", seconds(b.initialMs()))));
        } else {
            o.put("backoff", Map.of("exponential", Map.of("initial", seconds(b.initialMs()), "multiplier",
                    b.multiplier(), "max", seconds(b.maxMs()), "jitter", b.jitter())));
        }
        if (j.uniqueKey() != null) {
            o.put("uniqueKey", j.uniqueKey());
            if (j.uniqueForMs() > 0) {
                o.put("uniqueFor", seconds(j.uniqueForMs()));
            }
        }
        if (j.exclusionKey() != null) {
            o.put("exclusionKey", j.exclusionKey());
            o.put("exclusionLimit", j.exclusionLimit());
        }
        o.put("priority", j.priority());
        o.put("tags", j.tags());
        return o;
    }

    private static String seconds(long ms) {
        return ms / 1000 + "." + String.format("%03d", ms % 1000) + "s";
    }
}
