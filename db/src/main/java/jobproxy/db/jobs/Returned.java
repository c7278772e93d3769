package jobproxy.db.jobs;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What a transition that puts a PROCESSING job back (lease expiry, give-back) reads from its RETURNING: the status it
 * left the job in, the message it owes when the job is ready again, and the job's keys for {@code left}.
 */
record Returned(JobStatus status, Dispatch own, Keys keys) {
    static final String RETURNING = " RETURNING status, name, dispatch_seq, unique_hash, exclusion_key, unique_for_ms";

    /** Runs the transition; what it returned, or null when it touched no row. {@code runAt}: when the message is due. */
    static Returned read(PreparedStatement ps, String event, String id, long runAt) throws SQLException {
        Returned out = null;
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                JobStatus status = JobStatus.valueOf(rs.getString(1));
                boolean ready = status == JobStatus.PENDING || status == JobStatus.RETRY_PENDING;
                out = new Returned(status, ready ? new Dispatch(id, rs.getString(2), rs.getInt(3), runAt) : null,
                        new Keys(rs.getString(4) != null, rs.getLong(6), rs.getString(5)));
                n++;
            }
        }
        return JobTransitions.verdict(n, event, id) ? out : null;
    }
}
