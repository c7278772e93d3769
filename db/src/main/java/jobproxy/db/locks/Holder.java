package jobproxy.db.locks;

/** A held exclusion slot: which job holds it, on which node, until when (the job's lease), with which fencing token. */
public record Holder(String key, int slot, String jobId, String jobName, String node, Long leaseUntil, long fence) {
}
