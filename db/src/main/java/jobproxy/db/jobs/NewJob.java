package jobproxy.db.jobs;

import java.util.Map;

/**
 * A validated job about to be inserted; every option already resolved against the performer's defaults. uniqueHash is
 * set exactly when uniqueKey is (the hash decides, the key is for people).
 */
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
        String uniqueHash,
        long uniqueForMs,
        String exclusionKey,
        int exclusionLimit,
        Map<String, String> tags) {
}
