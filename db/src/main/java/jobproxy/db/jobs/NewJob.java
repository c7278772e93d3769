package jobproxy.db.jobs;

import java.util.Map;

/** A validated job about to be inserted; every option already resolved against the performer's defaults. */
public record NewJob(
        String id,
        String name,
        String payload,
        int maxAttempts,
        int priority,
        long createdAt,
        long runAt,
        Long timeoutMs,
        Backoff backoff,
        String uniqueKey,
        long uniqueForMs,
        String exclusionKey,
        int exclusionLimit,
        Map<String, String> tags) {
}
