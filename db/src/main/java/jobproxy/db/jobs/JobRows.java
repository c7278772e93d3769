package jobproxy.db.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jobproxy.db.Sql;

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

    private static final String NO_TAGS = "{}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() { };

    private JobRows() {
    }

    /**
     * Maps a row whose first columns are {@link #COLUMNS}, in that order. By position, not by name: sqlite-jdbc builds a
     * column-name map for every result set read by name (a tenth of the database writer's own time, JFR).
     */
    public static JobRow map(ResultSet rs) throws SQLException {
        return new JobRow(
                rs.getString(1),
                rs.getString(2),
                JobStatus.valueOf(rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getInt(6),
                rs.getInt(7),
                rs.getInt(8),
                rs.getLong(9),
                rs.getLong(10),
                Sql.nullableLong(rs, 11),
                Sql.nullableLong(rs, 12),
                Sql.nullableLong(rs, 13),
                new Backoff(Backoff.Kind.valueOf(rs.getString(14)), rs.getLong(15), rs.getDouble(16), rs.getLong(17),
                        rs.getDouble(18)),
                rs.getString(19),
                rs.getLong(20),
                rs.getString(21),
                rs.getInt(22),
                readTags(rs.getString(23)),
                rs.getString(24),
                rs.getString(25),
                Sql.nullableLong(rs, 26),
                rs.getInt(27),
                Sql.nullableLong(rs, 28));
    }

    static String writeTags(Map<String, String> tags) {
        try {
            return tags == null || tags.isEmpty() ? NO_TAGS : JSON.writeValueAsString(new TreeMap<>(tags));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tags cannot be written as JSON", e);
        }
    }

    static Map<String, String> readTags(String json) throws SQLException {
        try {
            return json == null || json.equals(NO_TAGS) ? Map.of() : JSON.readValue(json, TAGS);
        } catch (JsonProcessingException e) {
            throw new SQLException("jobs.tags holds invalid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
