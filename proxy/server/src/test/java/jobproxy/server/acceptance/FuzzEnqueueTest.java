package jobproxy.server.acceptance;

import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import jobproxy.server.testing.RequestFuzzer;
import jobproxy.server.testing.TestServer;
import jobproxy.v1.EnqueueRequest;
import jobproxy.v1.EnqueueResponse;
import jobproxy.v1.JobProxyGrpc;
import jobproxy.v1.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN I6 under fuzzing: thousands of random and mutated Enqueue calls (and raw bytes the generated client would never
 * send). Every answer is OK or a documented error, never INTERNAL or UNKNOWN; exactly the OK answers stored a job; the
 * server is still healthy afterwards.
 */
class FuzzEnqueueTest {
    private static final Set<Status.Code> DOCUMENTED = EnumSet.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
            Status.Code.NOT_FOUND, Status.Code.RESOURCE_EXHAUSTED);

    @TempDir
    Path dir;

    @Test
    void randomAndMutatedRequestsGetDocumentedCodesAndStoreOnlyWhatWasAccepted() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int rounds = Integer.getInteger("fuzz.rounds", 3000);
        RequestFuzzer fuzz = new RequestFuzzer(seed);
        Map<Status.Code, Integer> seen = new TreeMap<>();
        int stored = 0;
        try (TestServer server = TestServer.start(dir, Map.of("jobproxy.roles", "enqueue"))) {
            JobProxyGrpc.JobProxyBlockingStub stub = server.stub().withDeadlineAfter(10, TimeUnit.MINUTES);
            for (int i = 0; i < rounds; i++) {
                EnqueueRequest request = fuzz.next();
                Status.Code code;
                try {
                    byte[] wire = encodable(request);
                    // what protobuf cannot encode (unpaired surrogates) reaches a server only as invalid UTF-8 bytes
                    EnqueueResponse r = wire == null ? raw(server, new byte[]{0x0a, 0x02, (byte) 0xed, (byte) 0xa0})
                            : i % 10 == 9 ? raw(server, fuzz.rawMutation(wire)) : stub.enqueue(request);
                    code = Status.Code.OK;
                    stored += r.getDuplicate() ? 0 : 1;
                } catch (StatusRuntimeException e) {
                    code = e.getStatus().getCode();
                    assertThat(DOCUMENTED).as("seed %d, request %d: %s -> %s", seed, i, request, e.getStatus()).contains(code);
                    assertThat(e.getStatus().getDescription()).as("seed %d: a refusal names its field", seed).isNotBlank();
                }
                seen.merge(code, 1, Integer::sum);
            }
            System.out.printf("[fuzz] seed %d: %d inputs, codes seen %s, jobs stored %d%n", seed, rounds, seen, stored);
            assertThat(server.jobCount()).as("seed %d", seed).isEqualTo(stored);
            assertThat(seen).containsKeys(Status.Code.OK, Status.Code.INVALID_ARGUMENT);

            // still healthy: a plain job goes in and (after a restart with a dispatcher) runs
            String id = stub.enqueue(EnqueueRequest.newBuilder().setJob("Echo").setPayloadJson("{\"ok\":true}").build()).getJobId();
            server.restart(Map.of("jobproxy.roles", "enqueue,dispatch"));
            assertThat(server.client().await(id, Duration.ofSeconds(60)).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
        }
    }

    private static byte[] encodable(EnqueueRequest request) {
        try {
            return request.toByteArray();
        } catch (RuntimeException unpairedSurrogate) {
            return null;
        }
    }

    /** Sends bytes as an Enqueue request, bypassing the generated marshaller. */
    private static EnqueueResponse raw(TestServer server, byte[] body) {
        MethodDescriptor<byte[], EnqueueResponse> method = JobProxyGrpc.getEnqueueMethod().toBuilder(new Bytes(),
                JobProxyGrpc.getEnqueueMethod().getResponseMarshaller()).build();
        return ClientCalls.blockingUnaryCall(server.channel(), method, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), body);
    }

    static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
