package jobproxy.db.jobs;

/** A broker message owed by the outbox: job id, job name (routes to its queue), dispatch_seq and not-before time. */
public record Dispatch(String jobId, String name, int seq, long runAt) {
    /** The Artemis duplicate-detection id: re-sending the same (job, seq) is dropped by the broker. */
    public String duplicateId() {
        return jobId + ":" + seq;
    }
}
