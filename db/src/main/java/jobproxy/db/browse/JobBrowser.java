package jobproxy.db.browse;

import jakarta.inject.Singleton;
import jobproxy.db.Sql;
import jobproxy.db.jobs.JobRow;
import jobproxy.db.jobs.JobRows;
import jobproxy.db.jobs.JobStatus;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The operators' job list: filters, sort on any time column, keyset pages. Read straight from the database (DESIGN I7).
 * Every page is one index range scan from the cursor, so page 10 000 costs what page 1 costs (hazard: OFFSET reads and
 * throws away every row before the page).
 */
@Singleton
public class JobBrowser {
    private final DataSource dataSource;

    public JobBrowser(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public JobPage list(JobFilter filter, JobSort sort, boolean descending, Cursor after, int limit) throws SQLException {
        List<Hit> hits = hits(filter, JobFilterSql.TextPart.KEYS, sort, descending, after, limit);
        if (filter.text() != null && !filter.text().isBlank()) {
            // free text: ids/keys and error messages are two index-ordered queries merged here, each stopping at a page
            // (hazard: one query with an OR or a union of all matches sorts every match before it can page)
            Map<String, Hit> merged = new LinkedHashMap<>();
            for (Hit h : hits) {
                merged.put(h.row().id(), h);
            }
            for (Hit h : hits(filter, JobFilterSql.TextPart.ERRORS, sort, descending, after, limit)) {
                merged.putIfAbsent(h.row().id(), h);
            }
            Comparator<Hit> order = Comparator.comparingLong(Hit::sortValue).thenComparing(h -> h.row().id());
            hits = merged.values().stream().sorted(descending ? order.reversed() : order).limit(limit + 1L).toList();
        }
        if (hits.size() <= limit) {
            return new JobPage(hits.stream().map(Hit::row).toList(), null);
        }
        Hit last = hits.get(limit - 1);
        return new JobPage(hits.subList(0, limit).stream().map(Hit::row).toList(),
                new Cursor(last.sortValue(), last.row().id()).encode());
    }

    private record Hit(JobRow row, long sortValue) {
    }

    private List<Hit> hits(JobFilter filter, JobFilterSql.TextPart part, JobSort sort, boolean descending, Cursor after,
                           int limit) throws SQLException {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        JobFilterSql.append(filter, where, params, part);
        if (sort.presence() != null) {
            where.append(" AND ").append(sort.presence());
        }
        String dir = descending ? "DESC" : "ASC";
        if (after != null) {
            where.append(" AND (").append(sort.expression()).append(", id) ").append(descending ? "<" : ">").append(" (?, ?)");
            params.add(after.value());
            params.add(after.id());
        }
        params.add(limit + 1);
        String sql = "SELECT " + JobRows.COLUMNS + ", " + sort.expression() + " AS sort_value FROM jobs" + where
                + " ORDER BY " + sort.expression() + " " + dir + ", id " + dir + " LIMIT ?";
        return Sql.list(dataSource, sql, rs -> new Hit(JobRows.map(rs), rs.getLong("sort_value")), params.toArray());
    }

    /** Jobs per status over the whole table (one pass over the status index). */
    public Map<JobStatus, Long> countByStatus() throws SQLException {
        Map<JobStatus, Long> out = new EnumMap<>(JobStatus.class);
        for (JobStatus s : JobStatus.values()) {
            out.put(s, 0L);
        }
        Sql.list(dataSource, "SELECT status, COUNT(*) FROM jobs GROUP BY status",
                rs -> out.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2)));
        return out;
    }

    /** Ids of other jobs that carried the same unique key or exclusion key, newest first. */
    public List<String> related(String column, String key, String exceptId, int limit) throws SQLException {
        if (!column.equals("unique_key") && !column.equals("exclusion_key")) {
            throw new IllegalArgumentException("related jobs are found by unique_key or exclusion_key, not " + column);
        }
        return Sql.list(dataSource, "SELECT id FROM jobs WHERE " + column + " = ? AND id <> ? ORDER BY created_at DESC"
                + " LIMIT ?", rs -> rs.getString(1), key, exceptId, limit);
    }
}
