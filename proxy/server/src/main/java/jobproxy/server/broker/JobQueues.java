package jobproxy.server.broker;

import org.apache.activemq.artemis.api.core.SimpleString;

/** One anycast queue per job name, so each performer has its own consumer, concurrency and backlog. */
public final class JobQueues {
    public static final String PREFIX = "jobproxy.job.";
    /** Message property carrying the job id. */
    public static final SimpleString JOB_ID = SimpleString.of("jobId");
    /** Message property carrying the job's dispatch_seq. */
    public static final SimpleString SEQ = SimpleString.of("seq");

    private JobQueues() {
    }

    public static SimpleString queueFor(String jobName) {
        return SimpleString.of(PREFIX + jobName);
    }
}
