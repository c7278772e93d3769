package jobproxy.server.enqueue;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;

/** Checked conversion of protobuf Timestamp and Duration to milliseconds, with the ranges protobuf itself defines. */
final class ProtoTime {
    private static final long MIN_SECONDS = -62_135_596_800L; // 0001-01-01
    private static final long MAX_SECONDS = 253_402_300_799L; // 9999-12-31
    private static final long MAX_DURATION_SECONDS = 315_576_000_000L;

    private ProtoTime() {
    }

    static long millis(Timestamp t, String field) {
        if (t.getSeconds() < MIN_SECONDS || t.getSeconds() > MAX_SECONDS || t.getNanos() < 0 || t.getNanos() > 999_999_999) {
            throw Rejection.invalid(field, "not a valid timestamp (seconds within years 1..9999, nanos 0..999999999)");
        }
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }

    static long millis(Duration d, String field) {
        long s = d.getSeconds();
        int n = d.getNanos();
        if (Math.abs(s) > MAX_DURATION_SECONDS || Math.abs(n) > 999_999_999 || (s > 0 && n < 0) || (s < 0 && n > 0)) {
            throw Rejection.invalid(field, "not a valid duration");
        }
        return s * 1000 + n / 1_000_000;
    }

    /** A duration that must lie within [0, max] ms. */
    static long nonNegative(Duration d, String field, long maxMs, String maxText) {
        long ms = millis(d, field);
        if (ms < 0 || (ms == 0 && (d.getSeconds() < 0 || d.getNanos() < 0))) {
            throw Rejection.invalid(field, "must not be negative");
        }
        if (ms > maxMs) {
            throw Rejection.invalid(field, "must be at most " + maxText);
        }
        return ms;
    }
}
