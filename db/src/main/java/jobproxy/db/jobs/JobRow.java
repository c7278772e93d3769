package jobproxy.db.jobs;

import java.util.Map;

/** One row of the jobs table as read back. Nullable fields are boxed. */
public record JobRow(
        String id,
        String name,
        JobStatus status,
        String payload,
        String result,
        int attempts,
        int maxAttempts,
        int priority,
        long createdAt,
        long runAt,
        Long startedAt,
        Long finishedAt,
        Long timeoutMs,
        Backoff backoff,
        String uniqueKey,
        long uniqueForMs,
        String exclusionKey,
        int exclusionLimit,
        Map<String, String> tags,
        String lastError,
        String node,
        Long leaseUntil,
        int dispatchSeq,
        Long fence) {
}
