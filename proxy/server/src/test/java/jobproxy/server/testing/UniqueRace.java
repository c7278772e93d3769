package jobproxy.server.testing;

import jobproxy.client.EnqueueOptions;
import jobproxy.client.JobProxyClient;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Many callers enqueueing one unique key at once (released together by a latch), spread over the given clients. */
public final class UniqueRace {
    public record Outcome(Set<String> ids, int duplicates) {
    }

    private UniqueRace() {
    }

    public static Outcome run(List<JobProxyClient> clients, int calls, int threads, EnqueueOptions options) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JobProxyClient.Enqueued>> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            JobProxyClient client = clients.get(i % clients.size());
            int n = i;
            answers.add(pool.submit(() -> {
                go.await();
                return client.enqueueDetailed("Echo", Map.of("n", n), options);
            }));
        }
        go.countDown();
        Set<String> ids = new HashSet<>();
        int duplicates = 0;
        for (Future<JobProxyClient.Enqueued> f : answers) {
            ids.add(f.get().jobId());
            duplicates += f.get().duplicate() ? 1 : 0;
        }
        pool.shutdown();
        return new Outcome(ids, duplicates);
    }
}
