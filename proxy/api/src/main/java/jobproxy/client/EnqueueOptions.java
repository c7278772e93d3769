package jobproxy.client;

import com.google.protobuf.Timestamp;
import jobproxy.v1.Backoff;
import jobproxy.v1.Exponential;
import jobproxy.v1.Fixed;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Typed enqueue options (DESIGN §6) for {@link JobProxyClient}; unset options take the performer's defaults. */
public final class EnqueueOptions {
    private final jobproxy.v1.EnqueueOptions proto;

    private EnqueueOptions(jobproxy.v1.EnqueueOptions proto) {
        this.proto = proto;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static EnqueueOptions none() {
        return new EnqueueOptions(jobproxy.v1.EnqueueOptions.getDefaultInstance());
    }

    public jobproxy.v1.EnqueueOptions toProto() {
        return proto;
    }

    public static final class Builder {
        private final jobproxy.v1.EnqueueOptions.Builder b = jobproxy.v1.EnqueueOptions.newBuilder();

        public Builder maxAttempts(int n) {
            b.setMaxAttempts(n);
            return this;
        }

        public Builder runAt(Instant at) {
            b.setRunAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()));
            return this;
        }

        public Builder delay(Duration d) {
            b.setDelay(duration(d));
            return this;
        }

        public Builder timeout(Duration d) {
            b.setTimeout(duration(d));
            return this;
        }

        public Builder fixedBackoff(Duration delay) {
            b.setBackoff(Backoff.newBuilder().setFixed(Fixed.newBuilder().setDelay(duration(delay))));
            return this;
        }

        public Builder exponentialBackoff(Duration initial, double multiplier, Duration max, double jitter) {
            b.setBackoff(Backoff.newBuilder().setExponential(Exponential.newBuilder().setInitial(duration(initial))
                    .setMultiplier(multiplier).setMax(duration(max)).setJitter(jitter)));
            return this;
        }

        public Builder uniqueKey(String key) {
            b.setUniqueKey(key);
            return this;
        }

        public Builder uniqueFor(Duration d) {
            b.setUniqueFor(duration(d));
            return this;
        }

        public Builder exclusionKey(String key) {
            b.setExclusionKey(key);
            return this;
        }

        public Builder exclusionLimit(int n) {
            b.setExclusionLimit(n);
            return this;
        }

        public Builder priority(int p) {
            b.setPriority(p);
            return this;
        }

        public Builder tag(String name, String value) {
            b.putTags(name, value);
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            b.putAllTags(tags);
            return this;
        }

        public EnqueueOptions build() {
            return new EnqueueOptions(b.build());
        }

        private static com.google.protobuf.Duration duration(Duration d) {
            return com.google.protobuf.Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
        }
    }
}
