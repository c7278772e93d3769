package jobproxy.server.await;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jobproxy.db.jobs.JobRepository;
import jobproxy.server.maintenance.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes AwaitJob callers when their job finishes. Jobs finished on this node wake their waiters at once
 * ({@link #finished}); jobs finished elsewhere (another node, an operator) are noticed by one query for all watched ids
 * per poll interval, never a polling loop per waiter.
 */
@Singleton
public class JobWatchers {
    private static final Logger LOG = LoggerFactory.getLogger(JobWatchers.class);

    private final JobRepository jobs;
    private final Map<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();

    private final Periodic poller;

    public JobWatchers(JobRepository jobs, @Value("${jobproxy.await.poll-interval:500ms}") Duration pollEvery) {
        this.jobs = jobs;
        this.poller = Periodic.every(pollEvery, "await-poll", this::pollOthers);
    }

    @PreDestroy
    void stop() {
        poller.close();
    }

    /** Register before reading the job, so a finish between the read and the registration is not missed. */
    public CompletableFuture<Void> watch(String jobId) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        waiters.computeIfAbsent(jobId, k -> ConcurrentHashMap.newKeySet()).add(f);
        return f;
    }

    public void unwatch(String jobId, CompletableFuture<Void> f) {
        waiters.computeIfPresent(jobId, (k, set) -> {
            set.remove(f);
            return set.isEmpty() ? null : set;
        });
    }

    /** The job reached a finished state (committed). */
    public void finished(String jobId) {
        Set<CompletableFuture<Void>> set = waiters.remove(jobId);
        if (set != null) {
            set.forEach(f -> f.complete(null));
        }
    }

    void pollOthers() {
        if (waiters.isEmpty()) {
            return;
        }
        try {
            jobs.statuses(waiters.keySet()).forEach((id, status) -> {
                if (status.isFinished()) {
                    finished(id);
                }
            });
        } catch (Exception e) {
            LOG.warn("await watcher could not read job statuses: {}", e.toString());
        }
    }
}
