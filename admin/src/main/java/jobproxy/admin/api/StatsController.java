package jobproxy.admin.api;

import jobproxy.admin.AdminRole;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jobproxy.db.registry.NodeRow;
import jobproxy.db.registry.RegistryRepository;
import jobproxy.db.stats.JobStats;
import jobproxy.db.stats.PerformerFigures;

import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** /api/stats: the dashboard. Everything read from the database on each call (DESIGN I7). */
@Requires(condition = AdminRole.class)
@Controller("/api/stats")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatsController {
    private final JobStats stats;
    private final RegistryRepository registry;
    private final long nodeStaleMs;

    public StatsController(JobStats stats, RegistryRepository registry,
                           @Value("${jobproxy.dispatch.heartbeat-interval:5s}") Duration heartbeat) {
        this.stats = stats;
        this.registry = registry;
        this.nodeStaleMs = heartbeat.toMillis() * 3;
    }

    /** window=hour (the default) or day; buckets of one minute either way. */
    @Get
    public Map<String, Object> stats(@QueryValue @Nullable String window) throws SQLException {
        String w = window == null ? "hour" : window;
        if (!w.equals("hour") && !w.equals("day")) {
            throw ApiError.bad("window: '" + w + "' must be hour or day");
        }
        long now = System.currentTimeMillis();
        long span = w.equals("hour") ? 3_600_000L : 86_400_000L;
        long bucket = 60_000L;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now", now);
        out.put("window", w);
        out.put("bucketMs", bucket);
        out.put("finished", stats.finishedPerBucket(now - span, now, bucket));
        // per-performer figures always cover the last hour: their cost follows the jobs in the window
        out.put("performers", stats.performers(now - 3_600_000L).stream().map(StatsController::performer).toList());
        out.put("queue", stats.queue(now));
        out.put("nodes", registry.nodes().stream().map(n -> node(n, now)).toList());
        return out;
    }

    private static Map<String, Object> performer(PerformerFigures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job", f.name());
        m.put("completed", f.completed());
        m.put("failed", f.failed());
        m.put("failureRate", f.failureRate());
        m.put("p50Ms", f.p50Ms());
        m.put("p95Ms", f.p95Ms());
        m.put("maxMs", f.maxMs());
        return m;
    }

    private Map<String, Object> node(NodeRow n, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", n.node());
        m.put("roles", n.roles());
        m.put("startedAt", n.startedAt());
        m.put("heartbeatAt", n.heartbeatAt());
        m.put("alive", now - n.heartbeatAt() <= nodeStaleMs);
        return m;
    }
}
