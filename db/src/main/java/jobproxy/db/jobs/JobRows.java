package jobproxy.db.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/** Column list and row mapping for the jobs table, shared by every query that returns whole jobs. */
public final class JobRows {
    public static final String COLUMNS = "id, name, status, payload, result, attempts, max_attempts, priority, created_at, run_at,"
            + " started_at, finished_at, timeout_ms, backoff_kind, backoff_initial_ms, backoff_multiplier, backoff_max_ms,"
            + " backoff_jitter, unique_key, unique_for_ms, exclusion_key, exclusion_limit, tags, last_error, node,"
            + " lease_until, dispatch_seq, fence";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() { };

    private JobRows() {
    }

    public static JobRow map(ResultSet rs) throws SQLException {
        return new JobRow(
                rs.getString("id"),
                rs.getString("name"),
                JobStatus.valueOf(rs.getString("status")),
                rs.getString("payload"),
                rs.getString("result"),
                rs.getInt("attempts"),
                rs.getInt("max_attempts"),
                rs.getInt("priority"),
                rs.getLong("created_at"),
                rs.getLong("run_at"),
                nullableLong(rs, "started_at"),
                nullableLong(rs, "finished_at"),
                nullableLong(rs, "timeout_ms"),
                new Backoff(Backoff.Kind.valueOf(rs.getString("backoff_kind")), rs.getLong("backoff_initial_ms"),
                        rs.getDouble("backoff_multiplier"), rs.getLong("backoff_max_ms"), rs.getDouble("backoff_jitter")),
                rs.getString("unique_key"),
                rs.getLong("unique_for_ms"),
                rs.getString("exclusion_key"),
                rs.getInt("exclusion_limit"),
                readTags(rs.getString("tags")),
                rs.getString("last_error"),
                rs.getString("node"),
                nullableLong(rs, "lease_until"),
                rs.getInt("dispatch_seq"),
                nullableLong(rs, "fence"));
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static String writeTags(Map<String, String> tags) {
        try {
            return JSON.writeValueAsString(tags == null ? Map.of() : new TreeMap<>(tags));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tags cannot be written as JSON", e);
        }
    }

    static Map<String, String> readTags(String json) throws SQLException {
        try {
            return json == null ? Map.of() : JSON.readValue(json, TAGS);
        } catch (JsonProcessingException e) {
            throw new SQLException("jobs.tags holds invalid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
