package jobproxy.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.context.ApplicationContext;
import jobproxy.db.jobs.JobRepository;
import jobproxy.db.jobs.JobStatus;
import jobproxy.server.grpc.GrpcServer;
import jobproxy.v1.EnqueueBatchRequest;
import jobproxy.v1.EnqueueRequest;
import jobproxy.v1.JobProxyGrpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * End to end: N Echo jobs sent with EnqueueBatch (100 per call), from the first call until all are COMPLETED in the
 * database. A fresh data folder each run; default (durable) settings. Prints jobs/s.
 */
public final class BatchEndToEnd {
    public static void main(String[] args) throws Exception {
        int jobs = Integer.getInteger("jobs", 10_000);
        int batchSize = Integer.getInteger("batch", 100);
        Path dir = Files.createTempDirectory("jobproxy-bench");
        try (ApplicationContext ctx = ApplicationContext.builder().properties(Map.of(
                "jobproxy.data-dir", dir.toString(), "jobproxy.grpc.port", 0, "micronaut.server.port", -1)).start()) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", ctx.getBean(GrpcServer.class).port())
                    .usePlaintext().build();
            JobProxyGrpc.JobProxyBlockingStub stub = JobProxyGrpc.newBlockingStub(channel);
            JobRepository repo = ctx.getBean(JobRepository.class);
            warmUp(stub, repo);
            long base = repo.countByStatus().getOrDefault(JobStatus.COMPLETED, 0L);

            long start = System.nanoTime();
            for (int sent = 0; sent < jobs; sent += batchSize) {
                EnqueueBatchRequest.Builder b = EnqueueBatchRequest.newBuilder();
                for (int i = sent; i < Math.min(jobs, sent + batchSize); i++) {
                    b.addRequests(EnqueueRequest.newBuilder().setJob("Echo").setPayloadJson("{\"n\":" + i + "}"));
                }
                stub.enqueueBatch(b.build());
            }
            long enqueued = System.nanoTime();
            while (repo.countByStatus().getOrDefault(JobStatus.COMPLETED, 0L) - base < jobs) {
                Thread.sleep(20);
            }
            long done = System.nanoTime();
            double enqueueS = (enqueued - start) / 1e9;
            double totalS = (done - start) / 1e9;
            System.out.printf("%nBatchEndToEnd: %d Echo jobs, EnqueueBatch of %d, SQLite synchronous=FULL, Artemis journal datasync=on%n",
                    jobs, batchSize);
            System.out.printf("  enqueue (all batches committed): %.2f s = %,.0f jobs/s%n", enqueueS, jobs / enqueueS);
            System.out.printf("  end to end (all COMPLETED):      %.2f s = %,.0f jobs/s%n", totalS, jobs / totalS);
            System.out.printf("  machine: %d cores, Java %s%n%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            channel.shutdownNow();
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void warmUp(JobProxyGrpc.JobProxyBlockingStub stub, JobRepository repo) throws Exception {
        EnqueueBatchRequest.Builder b = EnqueueBatchRequest.newBuilder();
        for (int i = 0; i < 500; i++) {
            b.addRequests(EnqueueRequest.newBuilder().setJob("Echo").setPayloadJson("{}"));
        }
        stub.enqueueBatch(b.build());
        while (repo.countByStatus().getOrDefault(JobStatus.COMPLETED, 0L) < 500) {
            Thread.sleep(20);
        }
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
