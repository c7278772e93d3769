package jobproxy.admin.api;

import jobproxy.admin.AdminRole;
import io.micronaut.context.annotation.Requires;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jobproxy.db.registry.PerformerRegistration;
import jobproxy.db.registry.RegistryRepository;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** /api/performers: what the live dispatchers registered (DESIGN §7), one entry per name with the nodes serving it. */
@Requires(condition = AdminRole.class)
@Controller("/api/performers")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PerformersController {
    private final RegistryRepository registry;
    private final ObjectMapper json;
    private final long staleMs;

    public PerformersController(RegistryRepository registry, ObjectMapper json,
                                @Value("${jobproxy.dispatch.heartbeat-interval:5s}") Duration heartbeat) {
        this.registry = registry;
        this.json = json;
        this.staleMs = heartbeat.toMillis() * 3;
    }

    @Get
    public List<Map<String, Object>> performers() throws SQLException {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (PerformerRegistration p : registry.livePerformers(System.currentTimeMillis() - staleMs)) {
            Map<String, Object> m = byName.computeIfAbsent(p.name(), n -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("job", n);
                e.put("payloadType", p.payloadType());
                e.put("defaults", readTree(p.defaultsJson()));
                e.put("nodes", new ArrayList<Map<String, Object>>());
                return e;
            });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> nodes = (List<Map<String, Object>>) m.get("nodes");
            nodes.add(Map.of("node", p.node(), "concurrency", p.concurrency()));
        }
        return new ArrayList<>(byName.values());
    }

    private Object readTree(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            return text;
        }
    }
}
