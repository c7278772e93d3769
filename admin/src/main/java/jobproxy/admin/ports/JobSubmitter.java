package jobproxy.admin.ports;

import java.util.concurrent.CompletableFuture;

/**
 * How the admin creates jobs: through the proxy's own enqueue path (the same validation and write-ahead as gRPC
 * Enqueue), which the admin module cannot see (dependencies point proxy → admin). The proxy provides the bean.
 */
public interface JobSubmitter {
    /**
     * Validates and enqueues. {@code optionsJson} is EnqueueOptions in protobuf's JSON form ({@code {"maxAttempts": 3,
     * "delay": "30s", "uniqueKey": "..."}}), or null. Fails with {@link Refused} naming the field when input is bad.
     */
    CompletableFuture<Submitted> submit(String job, String payloadJson, String optionsJson);

    record Submitted(String jobId, boolean duplicate) {
    }

    /** Bad input: nothing was stored. The message names the field and the rule. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
