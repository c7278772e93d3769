package jobproxy.performer;

/** Application event: an attempt succeeded and the job is COMPLETED. Observe with {@code @EventListener}. */
public record JobSucceeded(JobMeta meta, Object result) {
}
