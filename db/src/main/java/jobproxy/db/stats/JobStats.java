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
        // status is counted, not filtered on: a status condition lures the planner onto the status index, which
        // visits every finished job ever (hazard measured: 540 ms instead of 2 ms at 10^6 jobs)
        Sql.list(dataSource, "SELECT (finished_at / ?) * ?, SUM(CASE WHEN status = 'COMPLETED' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN status = 'FAILED' THEN 1 ELSE 0 END) FROM jobs WHERE finished_at >= ?"
                + " AND finished_at IS NOT NULL GROUP BY 1", rs -> {
            long[] c = buckets.computeIfAbsent(rs.getLong(1), k -> new long[2]);
            c[0] += rs.getLong(2);
            c[1] += rs.getLong(3);
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
        // filtered in Java for the same reason as above: the finished-jobs index must drive this query
        Sql.list(dataSource, "SELECT name, status, finished_at - started_at, started_at FROM jobs WHERE finished_at >= ?"
                + " AND finished_at IS NOT NULL", rs -> {
            Seen s = new Seen(rs.getString(1), rs.getString(2), rs.getLong(3));
            boolean ran = s.status().equals("COMPLETED") || s.status().equals("FAILED");
            rs.getLong(4);
            if (ran && !rs.wasNull()) {
                byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
            }
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

    /** Waiting work now: one pass over the ready jobs, and counts of the (few) blocked and running ones. */
    public QueueFigures queue(long now) throws SQLException {
        long[] ready = new long[3];
        Long[] oldest = new Long[1];
        Sql.list(dataSource, "SELECT SUM(CASE WHEN run_at <= ? THEN 1 ELSE 0 END), SUM(CASE WHEN run_at > ? THEN 1 ELSE 0 END),"
                + " MIN(CASE WHEN run_at <= ? THEN run_at END) FROM jobs WHERE status IN ('PENDING', 'RETRY_PENDING')", rs -> {
            ready[0] = rs.getLong(1);
            ready[1] = rs.getLong(2);
            oldest[0] = Sql.nullableLong(rs, 3);
            return null;
        }, now, now, now);
        Map<String, Long> n = new HashMap<>();
        Sql.list(dataSource, "SELECT status, COUNT(*) FROM jobs WHERE status IN ('BLOCKED', 'PROCESSING') GROUP BY status",
                rs -> n.put(rs.getString(1), rs.getLong(2)));
        return new QueueFigures(ready[0], n.getOrDefault("BLOCKED", 0L), ready[1], n.getOrDefault("PROCESSING", 0L),
                oldest[0]);
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
