package jobproxy.bench.peers;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import jobproxy.v1.EnqueueBatchRequest;
import jobproxy.v1.EnqueueBatchResponse;
import jobproxy.v1.EnqueueOptions;
import jobproxy.v1.EnqueueRequest;
import jobproxy.v1.EnqueueResponse;
import jobproxy.v1.GetJobRequest;
import jobproxy.v1.Job;
import jobproxy.v1.JobProxyGrpc;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Load over real gRPC: unary calls from N callers with latencies, batches, and the no-op ceiling. */
final class GrpcLoad {
    record Unary(int callers, double perS, double p50, double p99, double max) {
    }

    private GrpcLoad() {
    }

    static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    static EnqueueRequest echo(int i, EnqueueOptions options) {
        return EnqueueRequest.newBuilder().setJob("Echo").setPayloadJson("{\"i\":" + i + "}").setOptions(options).build();
    }

    /** {@code calls} unary calls shared by {@code callers} threads, each waiting for its answer before the next. */
    static Unary unary(int callers, int calls, IntFunction<Runnable> call) throws Exception {
        long[] lat = new long[calls];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch done = new CountDownLatch(callers);
        long t0 = System.nanoTime();
        for (int t = 0; t < callers; t++) {
            pool.execute(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                        long s = System.nanoTime();
                        call.apply(i).run();
                        lat[i] = System.nanoTime() - s;
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double secs = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        long[] sorted = Figures.sorted(lat);
        return new Unary(callers, calls / secs, Figures.pct(sorted, 50), Figures.pct(sorted, 99), sorted[calls - 1] / 1e6);
    }

    static Unary enqueue(int port, int callers, int calls, String tag) throws Exception {
        ManagedChannel ch = channel(port);
        try {
            JobProxyGrpc.JobProxyBlockingStub stub = JobProxyGrpc.newBlockingStub(ch);
            EnqueueOptions o = EnqueueOptions.newBuilder().putTags("run", tag).build();
            return unary(callers, calls, i -> () -> stub.enqueue(echo(i, o)));
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** EnqueueBatch of {@code size} from {@code callers} threads; returns jobs/s. */
    static double batches(int port, int callers, int jobs, int size, IntFunction<EnqueueOptions> options) throws Exception {
        ManagedChannel ch = channel(port);
        try {
            JobProxyGrpc.JobProxyBlockingStub stub = JobProxyGrpc.newBlockingStub(ch);
            int calls = jobs / size;
            Unary u = unary(callers, calls, c -> () -> {
                EnqueueBatchRequest.Builder b = EnqueueBatchRequest.newBuilder();
                for (int i = c * size; i < (c + 1) * size; i++) {
                    b.addRequests(echo(i, options.apply(i)));
                }
                stub.enqueueBatch(b.build());
            });
            return u.perS() * size;
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits until this JVM's JIT compiler has done nothing for a second (at most 30 s), and says how long that took.
     * Hazard: the caller shares the two cores with the server, and a cold server's figures paid for the caller's JIT
     * (PeerBenchmark.warmCaller, which ends with this).
     */
    static void settle() throws InterruptedException {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long t0 = System.nanoTime();
        long before = jit.getTotalCompilationTime();
        while (System.nanoTime() - t0 < 30_000_000_000L) {
            Thread.sleep(1_000);
            long now = jit.getTotalCompilationTime();
            if (now == before) {
                break;
            }
            before = now;
        }
        System.out.printf("  (the benchmark's JIT settled after %.1f s)%n", (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Compiles this JVM's client side before any server is measured: {@code jobs} jobs in EnqueueBatch calls of 100 and
     * a tenth of that in unary Enqueue calls, against a server in this JVM that answers without storing anything.
     * Hazard: the measured server shares the machine's two cores with this client, and without it the client's C2
     * compiler took ~11 % of the machine during the first end-to-end run (perf, 2026-12-03: 63 % of the benchmark JVM's
     * samples), which the server's figures then paid for.
     */
    static void warmClient(int jobs) throws Exception {
        Server server = ServerBuilder.forPort(0).addService(new JobProxyGrpc.JobProxyImplBase() {
            @Override
            public void enqueue(EnqueueRequest request, StreamObserver<EnqueueResponse> out) {
                out.onNext(EnqueueResponse.newBuilder().setJobId("j").build());
                out.onCompleted();
            }

            @Override
            public void enqueueBatch(EnqueueBatchRequest request, StreamObserver<EnqueueBatchResponse> out) {
                EnqueueBatchResponse.Builder b = EnqueueBatchResponse.newBuilder();
                for (int i = 0; i < request.getRequestsCount(); i++) {
                    b.addResults(EnqueueResponse.newBuilder().setJobId("j" + i));
                }
                out.onNext(b.build());
                out.onCompleted();
            }
        }).build().start();
        try {
            batches(server.getPort(), 4, jobs, 100, i -> EnqueueOptions.getDefaultInstance());
            enqueue(server.getPort(), 16, jobs / 10, "warm");
            futures(server.getPort(), jobs / 10); // the offered-load path
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** {@code calls} Enqueue calls on a future stub, all in flight at once, as the offered load sends them. */
    private static void futures(int port, int calls) throws Exception {
        ManagedChannel ch = channel(port);
        try {
            JobProxyGrpc.JobProxyFutureStub stub = JobProxyGrpc.newFutureStub(ch);
            EnqueueOptions o = EnqueueOptions.newBuilder().putTags("run", "warm").build();
            CountDownLatch answered = new CountDownLatch(calls);
            for (int i = 0; i < calls; i++) {
                stub.enqueue(echo(i, o)).addListener(answered::countDown, Runnable::run);
            }
            answered.await();
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The ceiling: the same proto service answering GetJob with an empty Job, in this JVM, over loopback. */
    static Unary noopCeiling(int callers, int calls) throws Exception {
        Server server = ServerBuilder.forPort(0).addService(new JobProxyGrpc.JobProxyImplBase() {
            @Override
            public void getJob(GetJobRequest request, StreamObserver<Job> out) {
                out.onNext(Job.getDefaultInstance());
                out.onCompleted();
            }
        }).build().start();
        ManagedChannel ch = channel(server.getPort());
        try {
            JobProxyGrpc.JobProxyBlockingStub stub = JobProxyGrpc.newBlockingStub(ch);
            GetJobRequest req = GetJobRequest.newBuilder().setJobId("x").build();
            unary(callers, calls / 5, i -> () -> stub.getJob(req)); // warm-up
            return unary(callers, calls, i -> () -> stub.getJob(req));
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
