package jobproxy.server.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Latches a test opens by name: a {@link Script} job with {@code "action": "gate"} runs until the test calls
 * {@link #open(String)} with its key, so "while the holder runs" lasts exactly as long as the test needs (in-process
 * servers only).
 */
public final class Gates {
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    private Gates() {
    }

    static void await(String key) throws InterruptedException {
        GATES.computeIfAbsent(key, k -> new CountDownLatch(1)).await();
    }

    public static void open(String key) {
        GATES.computeIfAbsent(key, k -> new CountDownLatch(1)).countDown();
    }
}
