package jobproxy.db.jobs;

import java.util.EnumSet;
import java.util.Set;

/** The job states of DESIGN §5. The CHECK constraint on jobs.status lists the same names. */
public enum JobStatus {
    PENDING, BLOCKED, PROCESSING, RETRY_PENDING, COMPLETED, FAILED, CANCELLED;

    public static final Set<JobStatus> FINISHED = EnumSet.of(COMPLETED, FAILED, CANCELLED);
    public static final Set<JobStatus> CANCELLABLE = EnumSet.of(PENDING, BLOCKED, RETRY_PENDING);

    public boolean isFinished() {
        return FINISHED.contains(this);
    }
}
