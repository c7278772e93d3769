package jobproxy.performer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A performer's defaults for options the caller did not set (DESIGN §6), and its own limits. Immutable; each method
 * returns a copy: {@code JobDefaults.maxAttempts(5).timeout(Duration.ofSeconds(30))}.
 */
public final class JobDefaults {
    private static final JobDefaults STANDARD = new JobDefaults(3, null, Backoff.standard(), List.of(), 1, null, 10);

    private final int maxAttempts;
    private final Duration timeout;
    private final Backoff backoff;
    private final List<Class<? extends Throwable>> nonRetryable;
    private final int exclusionLimit;
    private final Integer globalLimit;
    private final int concurrency;

    private JobDefaults(int maxAttempts, Duration timeout, Backoff backoff, List<Class<? extends Throwable>> nonRetryable,
                        int exclusionLimit, Integer globalLimit, int concurrency) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (exclusionLimit < 1 || concurrency < 1 || (globalLimit != null && globalLimit < 1)) {
            throw new IllegalArgumentException("limits and concurrency must be >= 1");
        }
        this.maxAttempts = maxAttempts;
        this.timeout = timeout;
        this.backoff = backoff;
        this.nonRetryable = List.copyOf(nonRetryable);
        this.exclusionLimit = exclusionLimit;
        this.globalLimit = globalLimit;
        this.concurrency = concurrency;
    }

    /** Max attempts 3, no timeout, standard backoff, every exception retryable, exclusion limit 1, concurrency 10. */
    public static JobDefaults standard() {
        return STANDARD;
    }

    public static JobDefaults maxAttempts(int maxAttempts) {
        return STANDARD.withMaxAttempts(maxAttempts);
    }

    public JobDefaults withMaxAttempts(int n) {
        return new JobDefaults(n, timeout, backoff, nonRetryable, exclusionLimit, globalLimit, concurrency);
    }

    public JobDefaults timeout(Duration t) {
        return new JobDefaults(maxAttempts, t, backoff, nonRetryable, exclusionLimit, globalLimit, concurrency);
    }

    public JobDefaults backoff(Backoff b) {
        return new JobDefaults(maxAttempts, timeout, b, nonRetryable, exclusionLimit, globalLimit, concurrency);
    }

    /** Exceptions of these types (or subtypes) fail the job at once, without retry. */
    @SafeVarargs
    public final JobDefaults nonRetryable(Class<? extends Throwable>... types) {
        return new JobDefaults(maxAttempts, timeout, backoff, List.of(types), exclusionLimit, globalLimit, concurrency);
    }

    /** How many jobs of one exclusion key may run at once, when the caller gives no exclusion_limit. */
    public JobDefaults exclusionLimit(int n) {
        return new JobDefaults(maxAttempts, timeout, backoff, nonRetryable, n, globalLimit, concurrency);
    }

    /** At most n jobs of this performer run at once across all nodes (an exclusion key shared by all its jobs). */
    public JobDefaults globalLimit(int n) {
        return new JobDefaults(maxAttempts, timeout, backoff, nonRetryable, exclusionLimit, n, concurrency);
    }

    /** How many jobs of this performer one dispatcher node runs at once. */
    public JobDefaults concurrency(int n) {
        return new JobDefaults(maxAttempts, timeout, backoff, nonRetryable, exclusionLimit, globalLimit, n);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    public Backoff backoff() {
        return backoff;
    }

    public List<Class<? extends Throwable>> nonRetryable() {
        return nonRetryable;
    }

    public int exclusionLimit() {
        return exclusionLimit;
    }

    public Optional<Integer> globalLimit() {
        return Optional.ofNullable(globalLimit);
    }

    public int concurrency() {
        return concurrency;
    }

    public boolean isRetryable(Throwable error) {
        if (error instanceof NonRetryableException) {
            return false;
        }
        return nonRetryable.stream().noneMatch(t -> t.isInstance(error));
    }
}
