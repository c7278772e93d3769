package jobproxy.server.grpc;

import io.grpc.Context;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A call handed to BlockingCalls leaves the caller's thread and keeps the caller's gRPC context (deadline, cancel). */
class BlockingCallsTest {
    private static final Context.Key<String> CALLER = Context.key("caller");

    @Test
    void runsOnItsOwnThreadInTheCallersContext() throws Exception {
        BlockingCalls calls = new BlockingCalls();
        try {
            CompletableFuture<String> seen = new CompletableFuture<>();
            Context.current().withValue(CALLER, "call-1").run(() -> calls.execute(
                    () -> seen.complete(Thread.currentThread().getName() + " " + CALLER.get())));
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("jobproxy-grpc-blocking call-1");
        } finally {
            calls.close();
        }
    }
}
