package jobproxy.admin.api;

import io.micronaut.http.HttpParameters;
import jobproxy.db.browse.Cursor;
import jobproxy.db.browse.JobFilter;
import jobproxy.db.browse.JobSort;
import jobproxy.db.jobs.JobStatus;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job list's query parameters, parsed strictly: an unknown parameter, status, sort or a bad time is a 400 naming
 * it (hazard: a typo silently ignored shows an operator the wrong jobs).
 */
record ListQuery(JobFilter filter, JobSort sort, boolean descending, Cursor after, int limit, boolean counts) {
    static final int MAX_LIMIT = 500;
    private static final Set<String> KNOWN = Set.of("job", "status", "tag", "from", "to", "q", "sort", "order", "after",
            "limit", "counts");

    static ListQuery parse(HttpParameters p) {
        for (String name : p.names()) {
            if (!KNOWN.contains(name)) {
                throw ApiError.bad("query parameter '" + name + "' is unknown; known: " + new java.util.TreeSet<>(KNOWN));
            }
        }
        List<JobStatus> statuses = new ArrayList<>();
        for (String s : split(p.getAll("status"))) {
            try {
                statuses.add(JobStatus.valueOf(s.toUpperCase()));
            } catch (IllegalArgumentException e) {
                throw ApiError.bad("status: '" + s + "' is not a job status; one of " + List.of(JobStatus.values()));
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String t : p.getAll("tag")) {
            int colon = t.indexOf(':');
            if (colon < 1) {
                throw ApiError.bad("tag: '" + t + "' must be key:value");
            }
            tags.put(t.substring(0, colon), t.substring(colon + 1));
        }
        JobFilter filter = new JobFilter(split(p.getAll("job")), statuses, tags, time(p, "from"), time(p, "to"),
                p.get("q"));
        JobSort sort = p.get("sort") == null ? JobSort.CREATED_AT : JobSort.parse(p.get("sort")).orElseThrow(() ->
                ApiError.bad("sort: '" + p.get("sort") + "' is not sortable; one of " + List.of(JobSort.values())));
        String order = p.get("order") == null ? "desc" : p.get("order");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ApiError.bad("order: '" + order + "' must be asc or desc");
        }
        Cursor after = p.get("after") == null || p.get("after").isEmpty() ? null : Cursor.decode(p.get("after"))
                .orElseThrow(() -> ApiError.bad("after: not a cursor this API returned"));
        int limit = 50;
        if (p.get("limit") != null) {
            try {
                limit = Integer.parseInt(p.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ApiError.bad("limit: '" + p.get("limit") + "' must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        String counts = p.get("counts") == null ? "true" : p.get("counts");
        if (!counts.equals("true") && !counts.equals("false")) {
            throw ApiError.bad("counts: '" + counts + "' must be true or false");
        }
        return new ListQuery(filter, sort, order.equals("desc"), after, limit, counts.equals("true"));
    }

    private static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** ISO-8601 instant (2026-11-24T10:00:00Z) or epoch milliseconds. */
    static Long time(HttpParameters p, String name) {
        String v = p.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return v.chars().allMatch(Character::isDigit) ? Long.parseLong(v) : Instant.parse(v).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ApiError.bad(name + ": '" + v + "' is neither an ISO-8601 instant nor epoch milliseconds");
        }
    }
}
