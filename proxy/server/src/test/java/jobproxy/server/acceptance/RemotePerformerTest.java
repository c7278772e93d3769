package jobproxy.server.acceptance;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.registry.NodeRow;
import jobproxy.db.registry.PerformerRegistration;
import jobproxy.db.registry.RegistryRepository;
import jobproxy.server.testing.TestServer;
import jobproxy.v1.EnqueueBatchRequest;
import jobproxy.v1.EnqueueRequest;
import jobproxy.v1.GetJobRequest;
import jobproxy.v1.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A job name that only another node's registration vouches for (DESIGN §7): the enqueue reads the registry table, so it
 * is validated off gRPC's event loop (JobProxyService), unlike a local performer's. Both paths must accept and refuse
 * alike, unary and batched, mixed local and remote names included.
 */
class RemotePerformerTest {
    @TempDir
    Path dir;

    @Test
    void jobsOfAPerformerRegisteredByAnotherNodeAreAccepted() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            RegistryRepository registry = server.bean(RegistryRepository.class);
            String echoDefaults = registry.livePerformers(0).stream().filter(p -> p.name().equals("Echo"))
                    .findFirst().orElseThrow().defaultsJson();
            long now = System.currentTimeMillis();
            server.bean(GroupCommitter.class).run(c -> {
                registry.register(c, new NodeRow("elsewhere", "dispatch", now, now),
                        List.of(new PerformerRegistration("RemoteEcho", "elsewhere", "java.lang.Object", 1, echoDefaults)));
                return null;
            });

            var stub = server.stub().withDeadlineAfter(20, TimeUnit.SECONDS); // a call left unanswered fails the test
            String unary = stub.enqueue(EnqueueRequest.newBuilder().setJob("RemoteEcho")
                    .setPayloadJson("{\"n\":1}").build()).getJobId();
            List<String> batched = stub.enqueueBatch(EnqueueBatchRequest.newBuilder()
                    .addRequests(EnqueueRequest.newBuilder().setJob("Echo").setPayloadJson("{\"n\":2}"))
                    .addRequests(EnqueueRequest.newBuilder().setJob("RemoteEcho").setPayloadJson("{\"n\":3}"))
                    .build()).getResultsList().stream().map(r -> r.getJobId()).toList();

            assertThat(stub.getJob(GetJobRequest.newBuilder().setJobId(unary).build()).getStatus())
                    .isEqualTo(JobStatus.JOB_STATUS_PENDING); // nobody here performs it
            assertThat(batched).hasSize(2);
            assertThat(stub.getJob(GetJobRequest.newBuilder().setJobId(batched.get(1)).build()).getJob())
                    .isEqualTo("RemoteEcho");

            long before = server.jobCount();
            assertThatThrownBy(() -> stub.enqueueBatch(EnqueueBatchRequest.newBuilder()
                    .addRequests(EnqueueRequest.newBuilder().setJob("RemoteEcho").setPayloadJson("{}"))
                    .addRequests(EnqueueRequest.newBuilder().setJob("Nobody").setPayloadJson("{}")).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                        assertThat(e.getStatus().getDescription()).contains("requests[1]").contains("Nobody");
                    });
            assertThat(server.jobCount()).isEqualTo(before); // all or nothing
        }
    }
}
