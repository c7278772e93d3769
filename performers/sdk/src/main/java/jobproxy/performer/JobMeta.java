package jobproxy.performer;

import java.time.Instant;
import java.util.Map;

/** Facts about an attempt, handed to the success/failure hooks and events. */
public record JobMeta(String jobId, String jobName, int attempt, int maxAttempts, Instant enqueuedAt, Instant startedAt,
                      Instant finishedAt, Map<String, String> tags, String payloadJson) {
}
