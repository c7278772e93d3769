package jobproxy.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import jobproxy.db.jobs.AttemptRow;
import jobproxy.db.jobs.JobRow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the API shows of jobs and attempts: times as epoch ms, payloads as JSON trees with secrets redacted. */
@Singleton
public class JobViews {
    private static final int ERROR_PREVIEW = 300;

    private final Redactor redactor;

    public JobViews(Redactor redactor) {
        this.redactor = redactor;
    }

    /** A row of the list: no payload (it may be large), the error shortened. */
    public Map<String, Object> summary(JobRow j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("job", j.name());
        m.put("status", j.status().name());
        m.put("attempts", j.attempts());
        m.put("maxAttempts", j.maxAttempts());
        m.put("priority", j.priority());
        m.put("createdAt", j.createdAt());
        m.put("runAt", j.runAt());
        m.put("startedAt", j.startedAt());
        m.put("finishedAt", j.finishedAt());
        m.put("durationMs", j.startedAt() == null || j.finishedAt() == null ? null : j.finishedAt() - j.startedAt());
        m.put("uniqueKey", j.uniqueKey());
        m.put("exclusionKey", j.exclusionKey());
        m.put("tags", j.tags());
        m.put("lastError", j.lastError() == null || j.lastError().length() <= ERROR_PREVIEW ? j.lastError()
                : j.lastError().substring(0, ERROR_PREVIEW) + "…");
        m.put("node", j.node());
        return m;
    }

    /** Everything about one job. */
    public Map<String, Object> detail(JobRow j, List<AttemptRow> attempts, Map<String, List<String>> related) {
        Map<String, Object> m = summary(j);
        m.put("lastError", j.lastError());
        JsonNode payload = redactor.redact(j.payload());
        m.put("payload", payload);
        m.put("result", redactor.redact(j.result()));
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("maxAttempts", j.maxAttempts());
        options.put("timeoutMs", j.timeoutMs());
        options.put("backoff", j.backoff());
        options.put("uniqueKey", j.uniqueKey());
        options.put("uniqueForMs", j.uniqueForMs());
        options.put("exclusionKey", j.exclusionKey());
        options.put("exclusionLimit", j.exclusionLimit());
        options.put("priority", j.priority());
        m.put("options", options);
        m.put("leaseUntil", j.leaseUntil());
        m.put("fence", j.fence());
        m.put("attemptHistory", attempts.stream().map(JobViews::attempt).toList());
        m.put("related", related);
        return m;
    }

    static Map<String, Object> attempt(AttemptRow a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", a.number());
        m.put("node", a.node());
        m.put("startedAt", a.startedAt());
        m.put("finishedAt", a.finishedAt());
        m.put("durationMs", a.finishedAt() == null ? null : a.finishedAt() - a.startedAt());
        m.put("outcome", a.outcome() == null ? "RUNNING" : a.outcome().name());
        m.put("errorClass", a.errorClass());
        m.put("errorMessage", a.errorMessage());
        m.put("stackTrace", a.stackTrace());
        return m;
    }
}
