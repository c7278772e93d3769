package jobproxy.server.broker;

import org.apache.activemq.artemis.api.core.SimpleString;

/** One anycast queue per job name, so each performer has its own consumer, concurrency and backlog. */
public final class JobQueues {
    public static final String PREFIX = "jobproxy.job.";
    /**
     * The one message property: the job id. Everything else the dispatcher needs is on the job's row, read by the claim
     * (a message is only a wake-up for that row, so a copy or a stale one is dropped by the claim's guard).
     */
    public static final SimpleString JOB_ID = SimpleString.of("jobId");

    private JobQueues() {
    }

    public static SimpleString queueFor(String jobName) {
        return SimpleString.of(PREFIX + jobName);
    }
}
