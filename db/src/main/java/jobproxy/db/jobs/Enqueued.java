package jobproxy.db.jobs;

/** The answer for one enqueued job: its id, or the existing job's id when it was a duplicate (DESIGN I4). */
public record Enqueued(String jobId, boolean duplicate) {
}
