package jobproxy.server.testing;

import com.google.protobuf.Duration;
import jobproxy.v1.EnqueueOptions;
import jobproxy.v1.EnqueueRequest;

/** Small builders for raw gRPC requests in tests. */
public final class Grpc {
    private Grpc() {
    }

    public static EnqueueRequest script(String key, String action, long ms, EnqueueOptions.Builder options) {
        return EnqueueRequest.newBuilder().setJob("Script")
                .setPayloadJson("{\"key\":\"" + key + "\",\"action\":\"" + action + "\",\"ms\":" + ms + "}")
                .setOptions(options).build();
    }

    public static EnqueueOptions.Builder exclusive(String key, int limit) {
        return EnqueueOptions.newBuilder().setExclusionKey(key).setExclusionLimit(limit);
    }

    public static Duration millis(long ms) {
        return Duration.newBuilder().setSeconds(ms / 1000).setNanos((int) (ms % 1000) * 1_000_000).build();
    }
}
