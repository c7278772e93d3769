package jobproxy.db.jobs;

/** How an attempt ended; the CHECK constraint on attempts.outcome lists the same names. NULL while it runs. */
public enum AttemptOutcome { SUCCEEDED, FAILED, TIMED_OUT }
