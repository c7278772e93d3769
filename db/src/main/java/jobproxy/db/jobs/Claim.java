package jobproxy.db.jobs;

/** What a claim found: the job is ours (with its grant's fencing token), blocked on its exclusion key, or neither. */
public sealed interface Claim {
    record Granted(JobRow job) implements Claim {
    }

    /** Its exclusion key had no free slot: the job is BLOCKED now and waits for a release. */
    record Blocked() implements Claim {
    }

    /** Not claimable: finished, cancelled, claimed elsewhere, deleted, or not due until {@code runAt} (0 = never). */
    record Refused(long runAt) implements Claim {
    }
}
