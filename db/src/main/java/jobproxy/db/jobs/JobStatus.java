package jobproxy.db.jobs;

import java.util.EnumSet;
import java.util.Set;

/** The job states of DESIGN §5. The CHECK constraint on jobs.status lists the same names. */
public enum JobStatus {
    PENDING, BLOCKED, PROCESSING, RETRY_PENDING, COMPLETED, FAILED, CANCELLED;

    public static final Set<JobStatus> FINISHED = EnumSet.of(COMPLETED, FAILED, CANCELLED);
    public static final Set<JobStatus> CANCELLABLE = EnumSet.of(PENDING, BLOCKED, RETRY_PENDING);
    /** What an operator may retry now: failed or cancelled jobs, and waiting jobs to run them early. */
    public static final Set<JobStatus> RETRYABLE = EnumSet.of(FAILED, CANCELLED, PENDING, RETRY_PENDING);

    public boolean isFinished() {
        return FINISHED.contains(this);
    }
}
