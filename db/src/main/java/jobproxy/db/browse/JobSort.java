package jobproxy.db.browse;

import java.util.Locale;
import java.util.Optional;

/**
 * The columns the job list sorts on, each backed by an (expression, id) index (V2 migration). Sorting on a time the job
 * does not have yet (started, finished, duration) lists only jobs that have it: a NULL has no place in a keyset order.
 */
public enum JobSort {
    CREATED_AT("created_at", false),
    RUN_AT("run_at", false),
    STARTED_AT("started_at", true),
    FINISHED_AT("finished_at", true),
    DURATION("(finished_at - started_at)", true);

    private final String expression;
    private final boolean nullable;

    JobSort(String expression, boolean nullable) {
        this.expression = expression;
        this.nullable = nullable;
    }

    String expression() {
        return expression;
    }

    /** The condition that excludes rows without this time, or null when every row has it. */
    String presence() {
        if (!nullable) {
            return null;
        }
        return this == DURATION ? "finished_at IS NOT NULL AND started_at IS NOT NULL" : expression + " IS NOT NULL";
    }

    /** Parses {@code created_at}, {@code finished_at}, ... (case-insensitive). */
    public static Optional<JobSort> parse(String name) {
        for (JobSort s : values()) {
            if (s.name().equalsIgnoreCase(name.trim().toUpperCase(Locale.ROOT))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
