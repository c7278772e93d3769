package jobproxy.db.stats;

import jakarta.inject.Singleton;
import jobproxy.db.Sql;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's figures, computed from the jobs table on every call (DESIGN I7: no counters that can drift). Every
 * query reads a window of the finished-jobs index or a partial index of waiting jobs, so its cost follows the jobs in
 * the window, not the size of the table.
 */
@Singleton
public class JobStats {
    private final DataSource dataSource;

    public JobStats(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Completed and failed jobs per bucket of {@code bucketMs} from {@code since} on, empty buckets included. */
    public List<MinuteCount> finishedPerBucket(long since, long until, long bucketMs) throws SQLException {
        Map<Long, long[]> buckets = new TreeMap<>();
        for (long b = since - Math.floorMod(since, bucketMs); b < until; b += bucketMs) {
            buckets.put(b, new long[2]);
        }
        Sql.list(dataSource, "SELECT (finished_at / ?) * ?, status, COUNT(*) FROM jobs WHERE finished_at >= ?"
                + " AND finished_at IS NOT NULL AND status IN ('COMPLETED', 'FAILED') GROUP BY 1, 2", rs -> {
            long[] c = buckets.computeIfAbsent(rs.getLong(1), k -> new long[2]);
            c["COMPLETED".equals(rs.getString(2)) ? 0 : 1] += rs.getLong(3);
            return null;
        }, bucketMs, bucketMs, since);
        List<MinuteCount> out = new ArrayList<>(buckets.size());
        buckets.forEach((start, c) -> out.add(new MinuteCount(start, c[0], c[1])));
        return out;
    }

    /** Per performer: jobs finished since {@code since}, failure rate and processing-time percentiles. */
    public List<PerformerFigures> performers(long since) throws SQLException {
        record Seen(String name, String status, long ms) {
        }
        Map<String, List<Seen>> byName = new TreeMap<>();
        Sql.list(dataSource, "SELECT name, status, finished_at - started_at FROM jobs WHERE finished_at >= ?"
                + " AND finished_at IS NOT NULL AND status IN ('COMPLETED', 'FAILED') AND started_at IS NOT NULL", rs -> {
            Seen s = new Seen(rs.getString(1), rs.getString(2), rs.getLong(3));
            byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
            return null;
        }, since);
        List<PerformerFigures> out = new ArrayList<>();
        byName.forEach((name, seen) -> {
            long[] ms = seen.stream().mapToLong(Seen::ms).sorted().toArray();
            long failed = seen.stream().filter(s -> s.status().equals("FAILED")).count();
            out.add(new PerformerFigures(name, seen.size() - failed, failed, percentile(ms, 50), percentile(ms, 95),
                    ms[ms.length - 1]));
        });
        return out;
    }

    /** Waiting work now, from the partial indexes of ready and blocked jobs. */
    public QueueFigures queue(long now) throws SQLException {
        Map<String, Long> n = new HashMap<>();
        Sql.list(dataSource, "SELECT 'due', COUNT(*) FROM jobs WHERE status IN ('PENDING', 'RETRY_PENDING') AND run_at <= ?"
                + " UNION ALL SELECT 'scheduled', COUNT(*) FROM jobs WHERE status IN ('PENDING', 'RETRY_PENDING') AND run_at > ?"
                + " UNION ALL SELECT 'blocked', COUNT(*) FROM jobs WHERE status = 'BLOCKED'"
                + " UNION ALL SELECT 'processing', COUNT(*) FROM jobs WHERE status = 'PROCESSING'"
                + " UNION ALL SELECT 'oldest', MIN(run_at) FROM jobs WHERE status IN ('PENDING', 'RETRY_PENDING') AND run_at <= ?",
                rs -> {
                    long v = rs.getLong(2);
                    return rs.wasNull() ? null : n.put(rs.getString(1), v);
                }, now, now, now);
        return new QueueFigures(n.getOrDefault("due", 0L), n.getOrDefault("blocked", 0L),
                n.getOrDefault("scheduled", 0L), n.getOrDefault("processing", 0L), n.get("oldest"));
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
