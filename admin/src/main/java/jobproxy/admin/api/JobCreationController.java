package jobproxy.admin.api;

import jobproxy.admin.AdminRole;
import io.micronaut.context.annotation.Requires;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jobproxy.admin.AdminSettings;
import jobproxy.admin.actions.JobActions;
import jobproxy.admin.actions.Refusal;
import jobproxy.admin.audit.AuditLog;
import jobproxy.admin.ports.JobSubmitter;
import jobproxy.db.jobs.JobRepository;
import jobproxy.db.jobs.JobRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

/** Creating jobs (a new one, or a copy of an existing one) and bulk actions. */
@Requires(condition = AdminRole.class)
@Controller("/api/jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class JobCreationController {
    private final ObjectMapper json;
    private final JobSubmitter submitter;
    private final JobRepository jobs;
    private final JobActions actions;
    private final AdminSettings settings;

    public JobCreationController(ObjectMapper json, @Nullable JobSubmitter submitter, JobRepository jobs,
                                 JobActions actions, AdminSettings settings) {
        this.json = json;
        this.submitter = submitter;
        this.jobs = jobs;
        this.actions = actions;
        this.settings = settings;
    }

    /** {"job": "SendEmail", "payload": {...}, "options": {"maxAttempts": 3, "delay": "30s"}} → 201. */
    @Post
    public HttpResponse<?> create(HttpRequest<?> request, @Body @Nullable String body) throws Exception {
        ObjectNode o = JsonBody.object(json, body, Set.of("job", "payload", "options"));
        String job = JsonBody.text(o, "job", true);
        JsonNode payload = o.get("payload");
        if (payload == null) {
            throw ApiError.bad("payload: required (a JSON value, e.g. {})");
        }
        JsonNode options = o.get("options");
        if (options != null && !options.isNull() && !options.isObject()) {
            throw ApiError.bad("options: must be a JSON object (EnqueueOptions in protobuf JSON form)");
        }
        return submit(request, "create", job, json.writeValueAsString(payload),
                options == null || options.isNull() ? null : json.writeValueAsString(options));
    }

    /** Enqueues a new job with the name, payload and options of an existing one (not its schedule). */
    @Post("/{id}/copy")
    public HttpResponse<?> copy(HttpRequest<?> request, String id) throws Exception {
        JobRow row = jobs.find(id).orElseThrow(() -> Refusal.notFound(id));
        return submit(request, "copy", row.name(), row.payload(), json.writeValueAsString(CopyOptions.of(row)));
    }

    /** {"action": "cancel" | "retry" | "delete", "ids": [...]}: each id on its own; at most bulk-limit ids. */
    @Post("/bulk")
    public Map<String, Object> bulk(HttpRequest<?> request, @Body @Nullable String body) {
        ObjectNode o = JsonBody.object(json, body, Set.of("action", "ids"));
        String action = JsonBody.text(o, "action", true);
        JobActions.Action a;
        try {
            a = JobActions.Action.valueOf(action.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ApiError.bad("action: '" + action + "' must be cancel, retry or delete");
        }
        if (!(o.get("ids") instanceof ArrayNode ids) || ids.isEmpty()) {
            throw ApiError.bad("ids: required, a non-empty array of job ids");
        }
        if (ids.size() > settings.getBulkLimit()) {
            throw ApiError.bad("ids: " + ids.size() + " ids; a bulk action takes at most " + settings.getBulkLimit());
        }
        List<String> list = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || id.asText().isBlank()) {
                throw ApiError.bad("ids[" + list.size() + "]: must be a job id string");
            }
            list.add(id.asText());
        }
        List<JobActions.BulkResult> results = actions.bulk(a, list);
        long ok = results.stream().filter(r -> r.outcome().equals("ok")).count();
        AuditLog.action(request, "bulk-" + a.name().toLowerCase(), list.size() + " jobs", ok + " ok");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("done", ok);
        out.put("results", results);
        return out;
    }

    private HttpResponse<?> submit(HttpRequest<?> request, String action, String job, String payload, String options)
            throws Exception {
        if (submitter == null) {
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "this node has no enqueue role; create jobs on one that has");
        }
        try {
            JobSubmitter.Submitted s = submitter.submit(job, payload, options).join();
            AuditLog.action(request, action, job, (s.duplicate() ? "duplicate of " : "created ") + s.jobId());
            return HttpResponse.status(s.duplicate() ? HttpStatus.OK : HttpStatus.CREATED)
                    .body(Map.of("jobId", s.jobId(), "duplicate", s.duplicate()));
        } catch (CompletionException e) {
            AuditLog.action(request, action, job, "refused: " + e.getCause().getMessage());
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (JobSubmitter.Refused e) {
            AuditLog.action(request, action, job, "refused: " + e.getMessage());
            throw e;
        }
    }
}
