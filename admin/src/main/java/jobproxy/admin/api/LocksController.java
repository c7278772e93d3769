package jobproxy.admin.api;

import jobproxy.admin.AdminRole;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jobproxy.db.locks.Holder;
import jobproxy.db.locks.LockRepository;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** /api/locks: every busy exclusion key with its holders and its waiters in release order; unique keys in use. */
@Requires(condition = AdminRole.class)
@Controller("/api/locks")
@ExecuteOn(TaskExecutors.BLOCKING)
public class LocksController {
    private static final int KEYS = 500;
    private static final int WAITERS = 100;

    private final LockRepository locks;

    public LocksController(LockRepository locks) {
        this.locks = locks;
    }

    @Get
    public Map<String, Object> locks() throws SQLException {
        Map<String, List<Holder>> holders = new LinkedHashMap<>();
        for (Holder h : locks.holders(null)) {
            holders.computeIfAbsent(h.key(), k -> new ArrayList<>()).add(h);
        }
        List<Map<String, Object>> keys = new ArrayList<>();
        for (String key : locks.busyKeys(KEYS)) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("key", key);
            k.put("holders", holders.getOrDefault(key, List.of()));
            k.put("waiters", locks.waiters(key, WAITERS));
            keys.add(k);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exclusionKeys", keys);
        out.put("uniqueKeys", locks.uniqueKeysInUse(System.currentTimeMillis(), KEYS));
        return out;
    }
}
