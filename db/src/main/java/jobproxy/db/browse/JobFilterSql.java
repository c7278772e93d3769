package jobproxy.db.browse;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import jobproxy.db.jobs.JobStatus;

import java.util.List;
import java.util.Map;

/**
 * Turns a {@link JobFilter} into SQL conditions with bound parameters (never concatenated values). Portable between
 * SQLite and PostgreSQL: tags are matched as the exact {@code "key":"value"} text the writer produces (sorted keys,
 * no spaces), so no JSON functions, which the two dialects spell differently.
 */
final class JobFilterSql {
    private JobFilterSql() {
    }

    /** Which meaning of the free text a query looks for: ids and keys (index lookups), or error messages. */
    enum TextPart { KEYS, ERRORS }

    static void append(JobFilter f, StringBuilder where, List<Object> params, TextPart part) {
        in(where, params, "name", f.names());
        in(where, params, "status", f.statuses().stream().map(JobStatus::name).toList());
        for (Map.Entry<String, String> tag : f.tags().entrySet()) {
            where.append(" AND tags LIKE ? ESCAPE '\\'");
            params.add("%" + like(json(tag.getKey()) + ":" + json(tag.getValue())) + "%");
        }
        if (f.createdFrom() != null) {
            where.append(" AND created_at >= ?");
            params.add(f.createdFrom());
        }
        if (f.createdTo() != null) {
            where.append(" AND created_at < ?");
            params.add(f.createdTo());
        }
        if (f.text() != null && !f.text().isBlank()) {
            String t = f.text().trim();
            if (part == TextPart.ERRORS) {
                where.append(" AND last_error IS NOT NULL AND last_error LIKE ? ESCAPE '\\'");
                params.add("%" + like(t) + "%");
            } else { // one indexed lookup per meaning, unioned (an OR of them would scan the table)
                where.append(" AND id IN (SELECT id FROM jobs WHERE id >= ? AND id < ?"
                        + " UNION ALL SELECT id FROM jobs WHERE unique_key = ?"
                        + " UNION ALL SELECT id FROM jobs WHERE exclusion_key = ?)");
                String idPrefix = t.toLowerCase(java.util.Locale.ROOT);
                params.add(idPrefix);
                params.add(idPrefix + "\uffff");
                params.add(t);
                params.add(t);
            }
        }
    }

    private static void in(StringBuilder where, List<Object> params, String column, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        where.append(" AND ").append(column).append(" IN (").append("?, ".repeat(values.size() - 1)).append("?)");
        params.addAll(values);
    }

    private static String json(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** Escapes LIKE's wildcards so user text matches literally. */
    static String like(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
