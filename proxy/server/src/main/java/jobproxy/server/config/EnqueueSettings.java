package jobproxy.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/** jobproxy.enqueue.* — limits on what callers may send. */
@ConfigurationProperties("jobproxy.enqueue")
public class EnqueueSettings {
    /** Largest payload_json in bytes (UTF-8); larger gets RESOURCE_EXHAUSTED. */
    private int maxPayloadBytes = 1024 * 1024;
    /** Most requests in one EnqueueBatch. */
    private int maxBatch = 10_000;

    public int getMaxPayloadBytes() {
        return maxPayloadBytes;
    }

    public void setMaxPayloadBytes(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public int getMaxBatch() {
        return maxBatch;
    }

    public void setMaxBatch(int maxBatch) {
        this.maxBatch = maxBatch;
    }
}
