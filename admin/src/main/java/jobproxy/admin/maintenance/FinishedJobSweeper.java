package jobproxy.admin.maintenance;

import jakarta.inject.Singleton;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.JobStatus;
import jobproxy.db.jobs.JobSweeps;

import java.sql.SQLException;
import java.util.Collection;

/**
 * Deletes finished jobs older than a cut-off (Kiribi's sweep), in batches of 1 000 per transaction so enqueues keep
 * flowing between them. Used by the admin's button and by the scheduled sweep. Safe on many nodes at once.
 */
@Singleton
public class FinishedJobSweeper {
    private static final int BATCH = 1000;

    private final GroupCommitter committer;

    public FinishedJobSweeper(GroupCommitter committer) {
        this.committer = committer;
    }

    /** Returns how many jobs were deleted. */
    public long sweep(Collection<JobStatus> statuses, long finishedBefore) throws SQLException {
        long total = 0;
        int deleted;
        do {
            deleted = committer.run(c -> JobSweeps.deleteFinished(c, statuses, finishedBefore, BATCH));
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
