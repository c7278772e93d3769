package jobproxy.admin.api;

import jobproxy.admin.AdminRole;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jobproxy.admin.actions.JobActions;
import jobproxy.admin.actions.Refusal;
import jobproxy.admin.audit.AuditLog;
import jobproxy.db.browse.JobBrowser;
import jobproxy.db.browse.JobPage;
import jobproxy.db.jobs.JobRepository;
import jobproxy.db.jobs.JobRow;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** /api/jobs: list, detail and the actions on single jobs. Creation and bulk live in {@link JobCreationController}. */
@Requires(condition = AdminRole.class)
@Controller("/api/jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class JobsController {
    private final JobBrowser browser;
    private final JobRepository jobs;
    private final JobViews views;
    private final JobActions actions;

    public JobsController(JobBrowser browser, JobRepository jobs, JobViews views, JobActions actions) {
        this.browser = browser;
        this.jobs = jobs;
        this.views = views;
        this.actions = actions;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) throws SQLException {
        ListQuery q = ListQuery.parse(request.getParameters());
        JobPage page = browser.list(q.filter(), q.sort(), q.descending(), q.after(), q.limit());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobs", page.jobs().stream().map(views::summary).toList());
        out.put("next", page.next());
        if (q.counts()) { // the UI's header fetches counts on its own; its table asks with counts=false
            out.put("counts", browser.countByStatus());
        }
        return out;
    }

    @Get("/{id}")
    public Map<String, Object> get(String id) throws SQLException {
        JobRow row = jobs.find(id).orElseThrow(() -> Refusal.notFound(id));
        Map<String, List<String>> related = new LinkedHashMap<>();
        related.put("uniqueKey", row.uniqueKey() == null ? List.of() : browser.related("unique_key", row.uniqueKey(), id, 20));
        related.put("exclusionKey", row.exclusionKey() == null ? List.of()
                : browser.related("exclusion_key", row.exclusionKey(), id, 20));
        return views.detail(row, jobs.attempts(id), related);
    }

    @Post("/{id}/cancel")
    public Map<String, Object> cancel(HttpRequest<?> request, String id) throws SQLException {
        return audited(request, "cancel", id, () -> views.summary(actions.cancel(id)));
    }

    @Post("/{id}/retry")
    public Map<String, Object> retry(HttpRequest<?> request, String id) throws SQLException {
        return audited(request, "retry", id, () -> views.summary(actions.retry(id)));
    }

    @Delete("/{id}")
    public HttpResponse<?> delete(HttpRequest<?> request, String id) throws SQLException {
        audited(request, "delete", id, () -> {
            actions.delete(id);
            return Map.of();
        });
        return HttpResponse.noContent();
    }

    interface Work {
        Map<String, Object> run() throws SQLException;
    }

    static Map<String, Object> audited(HttpRequest<?> request, String action, String target, Work work)
            throws SQLException {
        try {
            Map<String, Object> out = work.run();
            AuditLog.action(request, action, target, "ok");
            return out;
        } catch (RuntimeException | SQLException e) {
            AuditLog.action(request, action, target, "refused: " + e.getMessage());
            throw e;
        }
    }
}
