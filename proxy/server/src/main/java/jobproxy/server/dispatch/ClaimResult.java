package jobproxy.server.dispatch;

import jobproxy.db.jobs.JobRow;

/** What a claim attempt found: the job is ours now, is ready but not due yet, or is not claimable (drop the message). */
sealed interface ClaimResult {
    record Claimed(JobRow job) implements ClaimResult {
    }

    record NotDue(long runAt) implements ClaimResult {
    }

    record Gone() implements ClaimResult {
    }
}
