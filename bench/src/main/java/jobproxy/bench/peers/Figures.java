package jobproxy.bench.peers;

import java.util.Arrays;

/** Latency percentiles from nanosecond samples, and small formatting helpers. */
final class Figures {
    private Figures() {
    }

    static double pct(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
