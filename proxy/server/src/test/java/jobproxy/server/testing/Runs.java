package jobproxy.server.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Every run of the {@link Script} performer in this JVM, for counting runs and checking overlaps. A server process started
 * with {@code -Djobproxy.test.runs-dir=D} also writes each run to {@code D/runs-<pid>.log} ({@link RunFiles} reads them),
 * so overlaps can be checked across processes: System.nanoTime is CLOCK_MONOTONIC on Linux, one clock for the machine.
 */
public final class Runs {
    public static final class Run {
        public final String jobId;
        public final String key;
        public final int attempt;
        public final long startNanos = System.nanoTime();
        public volatile long endNanos;
        public volatile boolean interrupted;

        Run(String jobId, String key, int attempt) {
            this.jobId = jobId;
            this.key = key;
            this.attempt = attempt;
        }

        void end() {
            endNanos = System.nanoTime();
            RunFiles.record(this);
        }
    }

    private static final ConcurrentLinkedQueue<Run> RUNS = new ConcurrentLinkedQueue<>();

    private Runs() {
    }

    static Run start(String jobId, String key, int attempt) {
        Run r = new Run(jobId, key, attempt);
        RUNS.add(r);
        return r;
    }

    public static void clear() {
        RUNS.clear();
    }

    public static List<Run> of(String jobId) {
        return RUNS.stream().filter(r -> r.jobId.equals(jobId)).collect(Collectors.toList());
    }

    public static List<Run> all() {
        return new ArrayList<>(RUNS);
    }

    /** Most runs of the given key that were ever in progress at the same instant. */
    public static int maxOverlap(String key) {
        List<long[]> spans = new ArrayList<>();
        for (Run r : RUNS) {
            if (key.equals(r.key)) {
                spans.add(new long[]{r.startNanos, r.endNanos == 0 ? Long.MAX_VALUE : r.endNanos});
            }
        }
        return Attempts.maxOverlapOf(spans);
    }
}
