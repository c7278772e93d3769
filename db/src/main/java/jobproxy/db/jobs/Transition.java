package jobproxy.db.jobs;

import java.util.List;

/**
 * The verdict of a transition: applied or not (a lost race), the job's status after it, and the broker messages it made owed (a retry's own
 * message, the exclusion waiter it released). The caller hands {@code toSend} to the outbox after the commit.
 */
public record Transition(boolean applied, JobStatus status, List<Dispatch> toSend) {
    public static final Transition NOT_APPLIED = new Transition(false, null, List.of());

    public static Transition applied(JobStatus status, List<Dispatch> toSend) {
        return new Transition(true, status, List.copyOf(toSend));
    }
}
