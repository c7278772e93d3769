package jobproxy.server.dispatch;

import jobproxy.db.jobs.Backoff;

/** Delay before the next attempt. Pure: the random draw is passed in so tests can pin it. */
public final class BackoffPolicy {
    private BackoffPolicy() {
    }

    /**
     * @param failedAttempt the attempt that just failed, 1-based
     * @param random        uniform in [0, 1): 0.5 means no jitter
     */
    public static long delayMs(Backoff b, int failedAttempt, double random) {
        if (b.kind() == Backoff.Kind.FIXED) {
            return b.initialMs();
        }
        double raw = b.initialMs() * Math.pow(b.multiplier(), Math.max(0, failedAttempt - 1));
        double capped = Math.min(raw, b.maxMs());
        double jittered = capped * (1 + b.jitter() * (2 * random - 1));
        return Math.max(0, Math.round(jittered));
    }
}
