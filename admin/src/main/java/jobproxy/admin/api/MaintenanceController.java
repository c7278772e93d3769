package jobproxy.admin.api;

import jobproxy.admin.AdminRole;
import io.micronaut.context.annotation.Requires;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jobproxy.admin.AdminSettings;
import jobproxy.admin.audit.AuditLog;
import jobproxy.admin.maintenance.FinishedJobSweeper;
import jobproxy.admin.maintenance.StuckJobRecoverer;
import jobproxy.db.jobs.JobStatus;

import java.sql.SQLException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** /api/maintenance: sweep old finished jobs, re-send stuck ones. */
@Requires(condition = AdminRole.class)
@Controller("/api/maintenance")
@ExecuteOn(TaskExecutors.BLOCKING)
public class MaintenanceController {
    private final ObjectMapper json;
    private final FinishedJobSweeper sweeper;
    private final StuckJobRecoverer recoverer;
    private final AdminSettings settings;

    public MaintenanceController(ObjectMapper json, FinishedJobSweeper sweeper, StuckJobRecoverer recoverer,
                                 AdminSettings settings) {
        this.json = json;
        this.sweeper = sweeper;
        this.recoverer = recoverer;
        this.settings = settings;
    }

    /** {"olderThan": "P7D" | "7d" | "12h", "statuses": ["COMPLETED", "CANCELLED"]}; both optional (the defaults). */
    @Post("/sweep")
    public Map<String, Object> sweep(HttpRequest<?> request, @Body @Nullable String body) throws SQLException {
        ObjectNode o = JsonBody.object(json, body == null || body.isBlank() ? "{}" : body, Set.of("olderThan", "statuses"));
        Duration age = o.has("olderThan") ? duration(JsonBody.text(o, "olderThan", true)) : settings.getSweepOlderThan();
        List<JobStatus> statuses = o.has("statuses") ? statuses(o.get("statuses")) : settings.getSweepStatuses();
        long deleted = sweeper.sweep(statuses, System.currentTimeMillis() - age.toMillis());
        AuditLog.action(request, "sweep", statuses + " older than " + age, deleted + " deleted");
        return Map.of("deleted", deleted, "olderThan", age.toString(), "statuses", statuses);
    }

    /** {"overdueFor": "30s"} (optional): re-send every ready job overdue by more than that. */
    @Post("/recover")
    public Map<String, Object> recover(HttpRequest<?> request, @Body @Nullable String body) throws SQLException {
        ObjectNode o = JsonBody.object(json, body == null || body.isBlank() ? "{}" : body, Set.of("overdueFor"));
        Duration grace = o.has("overdueFor") ? duration(JsonBody.text(o, "overdueFor", true)) : Duration.ofSeconds(30);
        long resent = recoverer.recover(System.currentTimeMillis() - grace.toMillis());
        AuditLog.action(request, "recover", "overdue for " + grace, resent + " re-sent");
        return Map.of("resent", resent);
    }

    /** ISO-8601 (P7D, PT12H) or a number with s, m, h or d. */
    static Duration duration(String text) {
        try {
            if (text.matches("\\d{1,9}[smhd]")) {
                long n = Long.parseLong(text.substring(0, text.length() - 1));
                return switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            Duration d = Duration.parse(text);
            if (d.isNegative()) {
                throw ApiError.bad("duration '" + text + "' must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw ApiError.bad("duration '" + text + "': use 7d, 12h, 30m, 45s or ISO-8601 like P7D");
        }
    }

    private static List<JobStatus> statuses(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw ApiError.bad("statuses: a non-empty array of COMPLETED, FAILED, CANCELLED");
        }
        List<JobStatus> out = new ArrayList<>();
        for (JsonNode s : node) {
            JobStatus st;
            try {
                st = JobStatus.valueOf(s.asText());
            } catch (IllegalArgumentException e) {
                throw ApiError.bad("statuses: '" + s.asText() + "' is not a job status");
            }
            if (!st.isFinished()) {
                throw ApiError.bad("statuses: " + st + " is not finished; only COMPLETED, FAILED, CANCELLED are swept");
            }
            out.add(st);
        }
        return out;
    }
}
