package jobproxy.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.context.ApplicationContext;
import jobproxy.db.jobs.JobRepository;
import jobproxy.db.jobs.JobStatus;
import jobproxy.server.grpc.GrpcServer;
import jobproxy.v1.EnqueueBatchRequest;
import jobproxy.v1.EnqueueOptions;
import jobproxy.v1.EnqueueRequest;
import jobproxy.v1.JobProxyGrpc;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * End to end: N Echo jobs sent with EnqueueBatch (100 per call), from the first call until all are COMPLETED in the
 * database, on a fresh server and data folder per scenario, default (durable) settings. Scenarios: plain, a unique key
 * on every job, and 100 distinct exclusion keys (limit 1). Prints jobs/s and ratios to the plain run.
 */
public final class BatchEndToEnd {
    record Result(double enqueuePerS, double endToEndPerS) {
    }

    public static void main(String[] args) throws Exception {
        if (!System.getProperty("bench.only", "batch,admin,peers").contains("batch")) { // -Dbench.only=admin skips this one
            return;
        }
        int jobs = Integer.getInteger("jobs", 10_000);
        int batch = Integer.getInteger("batch", 100);
        Map<String, IntFunction<EnqueueOptions>> scenarios = new LinkedHashMap<>();
        scenarios.put("plain", i -> EnqueueOptions.getDefaultInstance());
        scenarios.put("unique key on every job", i -> EnqueueOptions.newBuilder().setUniqueKey("bench-" + i).build());
        scenarios.put("100 exclusion keys", i -> EnqueueOptions.newBuilder().setExclusionKey("key-" + (i % 100)).build());
        Map<String, Result> results = new LinkedHashMap<>();
        for (var s : scenarios.entrySet()) {
            results.put(s.getKey(), run(jobs, batch, s.getValue()));
        }
        double plain = results.get("plain").endToEndPerS();
        System.out.printf("%nBatchEndToEnd: %d Echo jobs per scenario, EnqueueBatch of %d; SQLite WAL synchronous=FULL,"
                + " Artemis NIO journal datasync=on; %d cores, Java %s%n", jobs, batch,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("  %-26s %14s %16s %10s%n", "scenario", "enqueue jobs/s", "end-to-end jobs/s", "vs plain");
        results.forEach((name, r) -> System.out.printf("  %-26s %,14.0f %,16.0f %9.0f%%%n", name, r.enqueuePerS(),
                r.endToEndPerS(), 100 * r.endToEndPerS() / plain));
        System.out.println();
    }

    static Result run(int jobs, int batch, IntFunction<EnqueueOptions> options) throws Exception {
        Path dir = ScratchDirs.create("jobproxy-bench");
        try (ApplicationContext ctx = ApplicationContext.builder().properties(Map.of(
                "jobproxy.data-dir", dir.toString(), "jobproxy.grpc.port", 0, "micronaut.server.port", -1)).start()) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", ctx.getBean(GrpcServer.class).port())
                    .usePlaintext().build();
            JobProxyGrpc.JobProxyBlockingStub stub = JobProxyGrpc.newBlockingStub(channel);
            JobRepository repo = ctx.getBean(JobRepository.class);
            send(stub, 0, 500, batch, i -> EnqueueOptions.getDefaultInstance()); // warm-up
            awaitCompleted(repo, 500);

            long start = System.nanoTime();
            send(stub, 1_000_000, jobs, batch, options);
            long enqueued = System.nanoTime();
            awaitCompleted(repo, 500 + jobs);
            long done = System.nanoTime();
            channel.shutdownNow();
            return new Result(jobs / ((enqueued - start) / 1e9), jobs / ((done - start) / 1e9));
        } finally {
            ScratchDirs.delete(dir);
        }
    }

    static void send(JobProxyGrpc.JobProxyBlockingStub stub, int from, int count, int batch, IntFunction<EnqueueOptions> opts) {
        for (int sent = 0; sent < count; sent += batch) {
            EnqueueBatchRequest.Builder b = EnqueueBatchRequest.newBuilder();
            for (int i = from + sent; i < from + Math.min(count, sent + batch); i++) {
                b.addRequests(EnqueueRequest.newBuilder().setJob("Echo").setPayloadJson("{\"n\":" + i + "}")
                        .setOptions(opts.apply(i)));
            }
            stub.enqueueBatch(b.build());
        }
    }

    static void awaitCompleted(JobRepository repo, long n) throws Exception {
        while (repo.countByStatus().getOrDefault(JobStatus.COMPLETED, 0L) < n) {
            Thread.sleep(20);
        }
    }
}
