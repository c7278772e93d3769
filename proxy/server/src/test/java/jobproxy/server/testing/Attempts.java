package jobproxy.server.testing;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Recorded attempt intervals read straight from the attempts table, for overlap checks across nodes. */
public final class Attempts {
    public record Interval(String jobId, int number, String node, long start, long end) {
    }

    private Attempts() {
    }

    public static List<Interval> ofExclusionKey(DataSource ds, String key) throws Exception {
        String sql = "SELECT a.job_id, a.number, a.node, a.started_at, a.finished_at FROM attempts a JOIN jobs j"
                + " ON j.id = a.job_id WHERE j.exclusion_key = ? ORDER BY a.started_at, a.finished_at";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                List<Interval> out = new ArrayList<>();
                while (rs.next()) {
                    long end = rs.getLong(5);
                    out.add(new Interval(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
                            rs.wasNull() ? Long.MAX_VALUE : end));
                }
                return out;
            }
        }
    }

    /** Most intervals open at one instant (an interval ending at t does not overlap one starting at t). */
    public static int maxOverlap(List<Interval> intervals) {
        List<long[]> spans = new ArrayList<>();
        intervals.forEach(i -> spans.add(new long[]{i.start(), i.end()}));
        return maxOverlapOf(spans);
    }

    /** Most [start, end) spans open at one instant. */
    public static int maxOverlapOf(List<long[]> spans) {
        List<long[]> events = new ArrayList<>();
        for (long[] s : spans) {
            events.add(new long[]{s[0], 1});
            events.add(new long[]{s[1], -1});
        }
        events.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        int now = 0;
        int max = 0;
        for (long[] e : events) {
            now += (int) e[1];
            max = Math.max(max, now);
        }
        return max;
    }
}
