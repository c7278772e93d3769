package jobproxy.server.testing;

import jobproxy.v1.EnqueueBatchRequest;
import jobproxy.v1.EnqueueBatchResponse;
import jobproxy.v1.EnqueueRequest;
import jobproxy.v1.JobProxyGrpc;

import java.util.List;
import java.util.function.IntFunction;

/** Fills the Script queue in one EnqueueBatch each: workers held by a gate, then a backlog of numbered jobs. */
public final class ScriptBatches {
    private ScriptBatches() {
    }

    /** {@code n} Script jobs that each wait on the gate {@code gate} (Gates.open releases them); their ids. */
    public static List<String> gated(JobProxyGrpc.JobProxyBlockingStub stub, String gate, int n) {
        return enqueue(stub, n, i -> "{\"key\":\"" + gate + "\",\"action\":\"gate\"}");
    }

    /** {@code n} Script jobs that succeed at once, keyed {@code prefix-0} to {@code prefix-(n-1)}; their ids. */
    public static List<String> backlog(JobProxyGrpc.JobProxyBlockingStub stub, String prefix, int n) {
        return enqueue(stub, n, i -> "{\"key\":\"" + prefix + "-" + i + "\"}");
    }

    private static List<String> enqueue(JobProxyGrpc.JobProxyBlockingStub stub, int n,
                                        IntFunction<String> payload) {
        EnqueueBatchRequest.Builder batch = EnqueueBatchRequest.newBuilder();
        for (int i = 0; i < n; i++) {
            batch.addRequests(EnqueueRequest.newBuilder().setJob("Script").setPayloadJson(payload.apply(i)));
        }
        EnqueueBatchResponse r = stub.enqueueBatch(batch.build());
        return r.getResultsList().stream().map(x -> x.getJobId()).toList();
    }
}
