package jobproxy.server.enqueue;

import jobproxy.db.jobs.Backoff;

/** Validates the Backoff option. Unset numeric fields take the DESIGN §6 defaults (x2, max 1 h, jitter 0). */
final class BackoffOption {
    private static final long DEFAULT_MAX_MS = 3_600_000;

    private BackoffOption() {
    }

    static Backoff from(jobproxy.v1.Backoff b) {
        switch (b.getKindCase()) {
            case FIXED -> {
                long ms = ProtoTime.nonNegative(b.getFixed().getDelay(), "options.backoff.fixed.delay",
                        EnqueueValidator.THIRTY_DAYS_MS, "30 days");
                return Backoff.fixed(ms);
            }
            case EXPONENTIAL -> {
                jobproxy.v1.Exponential e = b.getExponential();
                String f = "options.backoff.exponential.";
                long initial = ProtoTime.nonNegative(e.getInitial(), f + "initial", EnqueueValidator.THIRTY_DAYS_MS, "30 days");
                if (initial == 0) {
                    throw Rejection.invalid(f + "initial", "must be positive");
                }
                double multiplier = e.getMultiplier() == 0 ? 2.0 : e.getMultiplier();
                if (!Double.isFinite(multiplier) || multiplier < 1 || multiplier > 1000) {
                    throw Rejection.invalid(f + "multiplier", "must be between 1 and 1000 (0 means 2)");
                }
                long max = e.hasMax() ? ProtoTime.nonNegative(e.getMax(), f + "max", EnqueueValidator.THIRTY_DAYS_MS, "30 days")
                        : Math.max(DEFAULT_MAX_MS, initial);
                if (max < initial) {
                    throw Rejection.invalid(f + "max", "must not be less than initial");
                }
                double jitter = e.getJitter();
                if (!Double.isFinite(jitter) || jitter < 0 || jitter > 1) {
                    throw Rejection.invalid(f + "jitter", "must be between 0 and 1");
                }
                return new Backoff(Backoff.Kind.EXPONENTIAL, initial, multiplier, max, jitter);
            }
            default -> throw Rejection.invalid("options.backoff", "set fixed or exponential");
        }
    }
}
