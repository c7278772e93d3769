package jobproxy.db.jobs;

/**
 * How long to wait before the next attempt, as stored with the job. FIXED uses only initialMs. The maths lives in the
 * dispatcher; this is the persisted shape.
 */
public record Backoff(Kind kind, long initialMs, double multiplier, long maxMs, double jitter) {
    public enum Kind { FIXED, EXPONENTIAL }

    /** DESIGN §6 default: exponential 1 s x 2, max 1 h, +-20 % jitter. */
    public static final Backoff DEFAULT = new Backoff(Kind.EXPONENTIAL, 1_000, 2.0, 3_600_000, 0.2);

    public static Backoff fixed(long delayMs) {
        return new Backoff(Kind.FIXED, delayMs, 1.0, delayMs, 0.0);
    }
}
