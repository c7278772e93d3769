package jobproxy.db.jobs;

/** A broker message owed by the outbox: job id, job name (routes to its queue), dispatch_seq and not-before time. */
public record Dispatch(String jobId, String name, int seq, long runAt) {
    /** Names this one owed message (job id + dispatch_seq): a newer dispatch of the same job has another key. */
    public String key() {
        return jobId + ":" + seq;
    }
}
