package jobproxy.server.testing;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import jobproxy.v1.EnqueueRequest;
import jobproxy.v1.JobProxyGrpc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client load for fault tests: threads calling unary Enqueue with a mix of Echo and Sleep (1-20 ms). Records every id a
 * caller was given (the promise DESIGN I1 makes) and every failed call by status code.
 */
public final class Load {
    public final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    public final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    public final AtomicInteger attempted = new AtomicInteger();

    /** Sends {@code count} jobs from {@code threads} threads to the server at {@code port}; returns when all were tried. */
    public void send(int port, int count, int threads) throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            JobProxyGrpc.JobProxyBlockingStub stub = JobProxyGrpc.newBlockingStub(channel);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicInteger left = new AtomicInteger(count);
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    while (left.getAndDecrement() > 0) {
                        enqueueOne(stub);
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
        } finally {
            channel.shutdownNow();
        }
    }

    private void enqueueOne(JobProxyGrpc.JobProxyBlockingStub stub) {
        int n = attempted.incrementAndGet();
        EnqueueRequest request = n % 2 == 0
                ? EnqueueRequest.newBuilder().setJob("Echo").setPayloadJson("{\"n\":" + n + "}").build()
                : EnqueueRequest.newBuilder().setJob("Sleep")
                .setPayloadJson("{\"ms\":" + ThreadLocalRandom.current().nextInt(1, 21) + "}").build();
        try {
            acknowledged.add(stub.withDeadlineAfter(30, TimeUnit.SECONDS).enqueue(request).getJobId());
        } catch (StatusRuntimeException e) {
            failures.computeIfAbsent(e.getStatus().getCode().name(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    public int failed() {
        return failures.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public List<String> acknowledgedList() {
        return List.copyOf(acknowledged);
    }
}
