package jobproxy.performer;

/** Application event: an attempt failed; {@code isFinal} when the job is FAILED (no retry follows). */
public record JobFailed(JobMeta meta, Throwable error, boolean isFinal) {
}
