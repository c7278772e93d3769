package jobproxy.db.jobs;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which side tables a job that leaves PROCESSING has rows in, read from its own transition's RETURNING clause: only a
 * job with a unique key has a unique_keys row and only one with an exclusion key holds a slot, so a plain job's outcome
 * skips those statements (two of the four an outcome used to run). A unique job's unique_for comes along, so that its
 * key's expiry is set without reading the job row again.
 */
record Keys(boolean unique, long uniqueForMs, String exclusionKey) {
    static final String RETURNING = " RETURNING unique_hash, exclusion_key, unique_for_ms";

    /** Runs the transition; its keys, or null when it touched no row (the verdict of {@link JobTransitions#verdict}). */
    static Keys read(PreparedStatement ps, String event, String id) throws SQLException {
        Keys keys = null;
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys = new Keys(rs.getString(1) != null, rs.getLong(3), rs.getString(2));
                n++;
            }
        }
        return JobTransitions.verdict(n, event, id) ? keys : null;
    }
}
