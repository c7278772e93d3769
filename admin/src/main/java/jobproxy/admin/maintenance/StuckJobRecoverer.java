package jobproxy.admin.maintenance;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jobproxy.admin.ports.AfterCommit;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.Dispatch;
import jobproxy.db.jobs.JobRepository;
import jobproxy.db.jobs.JobTransitions;

import java.sql.SQLException;
import java.util.List;

/**
 * Re-sends the message of every ready job that is overdue by more than a grace period (Kiribi's recover), on an
 * operator's request. The automatic OrphanRescuer does the same only for queues the broker shows empty; an operator may
 * know better. A re-send is harmless: claims are guarded, so a job whose old message still arrives runs once.
 */
@Singleton
public class StuckJobRecoverer {
    private static final int BATCH = 1000;

    private final GroupCommitter committer;
    private final JobTransitions transitions;
    private final JobRepository jobs;
    private final AfterCommit after;

    public StuckJobRecoverer(GroupCommitter committer, JobTransitions transitions, JobRepository jobs,
                             @Nullable AfterCommit after) {
        this.committer = committer;
        this.transitions = transitions;
        this.jobs = jobs;
        this.after = after;
    }

    /** Returns how many messages were made owed (and handed to the relay when this node has one). */
    public long recover(long overdueBefore) throws SQLException {
        long total = 0;
        for (String name : jobs.namesWithOverdueJobs(overdueBefore)) {
            List<Dispatch> owed;
            do {
                long now = System.currentTimeMillis();
                owed = committer.run(c -> transitions.resend(c, name, overdueBefore, BATCH, now));
                if (after != null) {
                    after.send(owed);
                }
                total += owed.size();
            } while (owed.size() == BATCH);
        }
        return total;
    }
}
