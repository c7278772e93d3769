package jobproxy.performer;

import java.time.Duration;
import java.util.Objects;

/** How long to wait between attempts: a fixed delay, or exponential growth with a cap and jitter. */
public final class Backoff {
    public enum Kind { FIXED, EXPONENTIAL }

    private final Kind kind;
    private final Duration initial;
    private final double multiplier;
    private final Duration max;
    private final double jitter;

    private Backoff(Kind kind, Duration initial, double multiplier, Duration max, double jitter) {
        this.kind = kind;
        this.initial = Objects.requireNonNull(initial, "initial");
        this.multiplier = multiplier;
        this.max = Objects.requireNonNull(max, "max");
        this.jitter = jitter;
        if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max, multiplier >= 1, 0 <= jitter <= 1");
        }
    }

    public static Backoff fixed(Duration delay) {
        return new Backoff(Kind.FIXED, delay, 1.0, delay, 0.0);
    }

    public static Backoff exponential(Duration initial, double multiplier, Duration max, double jitter) {
        return new Backoff(Kind.EXPONENTIAL, initial, multiplier, max, jitter);
    }

    /** DESIGN §6 default: exponential 1 s x 2, max 1 h, +-20 % jitter. */
    public static Backoff standard() {
        return exponential(Duration.ofSeconds(1), 2.0, Duration.ofHours(1), 0.2);
    }

    public Kind kind() {
        return kind;
    }

    public Duration initial() {
        return initial;
    }

    public double multiplier() {
        return multiplier;
    }

    public Duration max() {
        return max;
    }

    public double jitter() {
        return jitter;
    }

    @Override
    public String toString() {
        return kind == Kind.FIXED ? "fixed " + initial
                : "exponential " + initial + " x" + multiplier + " max " + max + " jitter " + jitter;
    }
}
