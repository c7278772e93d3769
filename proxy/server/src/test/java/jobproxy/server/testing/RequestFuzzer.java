package jobproxy.server.testing;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import jobproxy.v1.Backoff;
import jobproxy.v1.EnqueueOptions;
import jobproxy.v1.EnqueueRequest;
import jobproxy.v1.Exponential;
import jobproxy.v1.Fixed;

import java.util.Random;

/** Random and mutated EnqueueRequests: hostile strings, absurd numbers, broken and enormous JSON, odd durations. */
public final class RequestFuzzer {
    private static final String[] NAMES = {"Echo", "Sleep", "Flaky", "UniqueMail", "", "NoSuchJob", "Echo ", "échо",
            "a#b", "Echo\u0000", "\uD800", "x".repeat(300)};
    private static final String[] JSON = {"{}", "null", "[]", "1", "\"s\"", "{\"a\":1}", "{\"ms\":5}", "{\"ms\":\"x\"}",
            "{\"failTimes\":0}", "{\"a\":1,\"a\":2}", "{", "}", "{\"a\":}", "[1,2", "{} {}", "nul", "1e999999", "-0",
            "{\"s\":\"\\u0000\"}", "{\"s\":\"\\ud800\"}", "{\"n\":123456789012345678901234567890}", "\u0000", "tru"};
    private final Random random;

    public RequestFuzzer(long seed) {
        this.random = new Random(seed);
    }

    public EnqueueRequest next() {
        EnqueueRequest.Builder b = EnqueueRequest.newBuilder().setJob(pick(NAMES)).setPayloadJson(payload());
        if (random.nextInt(3) > 0) {
            b.setOptions(options());
        }
        return b.build();
    }

    private String payload() {
        return switch (random.nextInt(8)) {
            case 0 -> "[".repeat(1 + random.nextInt(5000)) + "]".repeat(random.nextInt(2) == 0 ? 0 : 1);
            case 1 -> "\"" + "y".repeat(random.nextInt(2) == 0 ? 1_100_000 : 1000) + "\"";
            case 2 -> mutate(pick(JSON));
            case 3 -> randomText(random.nextInt(50));
            default -> pick(JSON);
        };
    }

    private EnqueueOptions options() {
        EnqueueOptions.Builder o = EnqueueOptions.newBuilder();
        if (coin()) {
            o.setMaxAttempts(wildInt());
        }
        if (coin()) {
            o.setPriority(wildInt());
        }
        if (coin()) {
            o.setDelay(duration());
        }
        if (coin()) {
            o.setRunAt(Timestamp.newBuilder().setSeconds(wildLong()).setNanos(wildInt()));
        }
        if (coin()) {
            o.setTimeout(duration());
        }
        if (coin()) {
            o.setUniqueFor(duration());
        }
        if (coin()) {
            o.setUniqueKey(randomText(random.nextInt(700)));
        }
        if (coin()) {
            o.setExclusionKey(randomText(random.nextInt(20)));
            o.setExclusionLimit(wildInt());
        }
        if (coin()) {
            o.setBackoff(backoff());
        }
        for (int i = random.nextInt(3) == 0 ? random.nextInt(80) : 0; i > 0; i--) {
            o.putTags(randomText(random.nextInt(70)), randomText(random.nextInt(600)));
        }
        return o.build();
    }

    private Backoff backoff() {
        if (coin()) {
            return Backoff.newBuilder().setFixed(Fixed.newBuilder().setDelay(duration())).build();
        }
        double[] doubles = {0, 1, 2, -1, Double.NaN, Double.POSITIVE_INFINITY, 1e308, 0.5, 1.0000001};
        return Backoff.newBuilder().setExponential(Exponential.newBuilder().setInitial(duration()).setMax(duration())
                .setMultiplier(doubles[random.nextInt(doubles.length)]).setJitter(doubles[random.nextInt(doubles.length)]))
                .build();
    }

    private Duration duration() {
        return Duration.newBuilder().setSeconds(random.nextInt(3) == 0 ? wildLong() : random.nextInt(100))
                .setNanos(random.nextInt(3) == 0 ? wildInt() : 0).build();
    }

    private int wildInt() {
        int[] edges = {0, 1, -1, 3, 1000, 1001, Integer.MAX_VALUE, Integer.MIN_VALUE, 999_999_999, -999_999_999};
        return random.nextBoolean() ? edges[random.nextInt(edges.length)] : random.nextInt();
    }

    private long wildLong() {
        long[] edges = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 253_402_300_800L, -62_135_596_801L, 315_576_000_001L};
        return random.nextBoolean() ? edges[random.nextInt(edges.length)] : random.nextLong();
    }

    private String mutate(String s) {
        StringBuilder b = new StringBuilder(s);
        for (int i = random.nextInt(4); i >= 0; i--) {
            int at = b.length() == 0 ? 0 : random.nextInt(b.length() + 1);
            if (coin() && b.length() > 0 && at < b.length()) {
                b.deleteCharAt(at);
            } else {
                b.insert(at, (char) random.nextInt(0x10000));
            }
        }
        return b.toString();
    }

    private String randomText(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(random.nextInt(5) == 0 ? (char) random.nextInt(0x10000) : (char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private boolean coin() {
        return random.nextBoolean();
    }

    private String pick(String[] from) {
        return from[random.nextInt(from.length)];
    }

    /** Raw bytes: a valid request with mutations the generated client would never send. */
    public byte[] rawMutation(byte[] valid) {
        byte[] out;
        switch (random.nextInt(4)) {
            case 0 -> { // an unknown field (number 99, varint) appended
                out = java.util.Arrays.copyOf(valid, valid.length + 3);
                out[valid.length] = (byte) (99 << 3);
                out[valid.length + 1] = (byte) 0x01;
                out[valid.length + 2] = 0x05;
                out = java.util.Arrays.copyOf(out, valid.length + 2);
                out[valid.length + 1] = 0x05;
            }
            case 1 -> { // invalid UTF-8 in the job name (field 1)
                out = new byte[]{0x0a, 0x02, (byte) 0xff, (byte) 0xfe};
            }
            case 2 -> out = java.util.Arrays.copyOf(valid, Math.max(0, valid.length - 1 - random.nextInt(Math.max(1, valid.length)))); // truncated
            default -> { // random bytes
                out = new byte[random.nextInt(64)];
                random.nextBytes(out);
            }
        }
        return out;
    }
}
