package jobproxy.server.acceptance;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jobproxy.server.testing.TestServer;
import jobproxy.v1.Backoff;
import jobproxy.v1.CancelJobRequest;
import jobproxy.v1.EnqueueBatchRequest;
import jobproxy.v1.EnqueueOptions;
import jobproxy.v1.EnqueueRequest;
import jobproxy.v1.Exponential;
import jobproxy.v1.GetJobRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DESIGN I6: every refused call gets its code, a message naming the field and rule, and stores nothing. */
class BadInputTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static EnqueueRequest.Builder echo() {
        return EnqueueRequest.newBuilder().setJob("Echo").setPayloadJson("{}");
    }

    static EnqueueRequest withOptions(EnqueueOptions.Builder o) {
        return echo().setOptions(o).build();
    }

    static Duration seconds(long s) {
        return Duration.newBuilder().setSeconds(s).build();
    }

    static Stream<Arguments> badEnqueues() {
        String big = "\"" + "x".repeat(1024 * 1024) + "\"";
        return Stream.of(
                Arguments.of("unknown job name", echo().setJob("NoSuchJob").build(), Status.Code.NOT_FOUND, "job"),
                Arguments.of("empty job name", echo().setJob("").build(), Status.Code.INVALID_ARGUMENT, "job"),
                Arguments.of("job name with spaces", echo().setJob("Send Email").build(), Status.Code.INVALID_ARGUMENT, "job"),
                Arguments.of("job name with NUL", echo().setJob("Echo\u0000").build(), Status.Code.INVALID_ARGUMENT, "job"),
                Arguments.of("malformed JSON", echo().setPayloadJson("{\"a\":").build(), Status.Code.INVALID_ARGUMENT, "payload_json"),
                Arguments.of("trailing garbage", echo().setPayloadJson("{} {}").build(), Status.Code.INVALID_ARGUMENT, "payload_json"),
                Arguments.of("duplicate JSON key", echo().setPayloadJson("{\"a\":1,\"a\":2}").build(), Status.Code.INVALID_ARGUMENT, "payload_json"),
                Arguments.of("payload of the wrong type", echo().setJob("Sleep").setPayloadJson("{\"ms\":\"soon\"}").build(),
                        Status.Code.INVALID_ARGUMENT, "payload_json"),
                Arguments.of("payload over 1 MiB", echo().setPayloadJson(big).build(), Status.Code.RESOURCE_EXHAUSTED, "payload_json"),
                Arguments.of("negative max_attempts", withOptions(EnqueueOptions.newBuilder().setMaxAttempts(-1)),
                        Status.Code.INVALID_ARGUMENT, "options.max_attempts"),
                Arguments.of("absurd max_attempts", withOptions(EnqueueOptions.newBuilder().setMaxAttempts(1_000_000)),
                        Status.Code.INVALID_ARGUMENT, "options.max_attempts"),
                Arguments.of("run_at and delay", withOptions(EnqueueOptions.newBuilder().setDelay(seconds(1))
                        .setRunAt(Timestamp.newBuilder().setSeconds(2_000_000_000))), Status.Code.INVALID_ARGUMENT, "options.run_at"),
                Arguments.of("negative delay", withOptions(EnqueueOptions.newBuilder().setDelay(seconds(-5))),
                        Status.Code.INVALID_ARGUMENT, "options.delay"),
                Arguments.of("delay of 20 years", withOptions(EnqueueOptions.newBuilder().setDelay(seconds(20L * 365 * 86400))),
                        Status.Code.INVALID_ARGUMENT, "options.delay"),
                Arguments.of("invalid timestamp", withOptions(EnqueueOptions.newBuilder()
                        .setRunAt(Timestamp.newBuilder().setSeconds(1).setNanos(-3))), Status.Code.INVALID_ARGUMENT, "options.run_at"),
                Arguments.of("negative timeout", withOptions(EnqueueOptions.newBuilder().setTimeout(seconds(-1))),
                        Status.Code.INVALID_ARGUMENT, "options.timeout"),
                Arguments.of("jitter above 1", withOptions(EnqueueOptions.newBuilder().setBackoff(Backoff.newBuilder()
                        .setExponential(Exponential.newBuilder().setInitial(seconds(1)).setJitter(2)))),
                        Status.Code.INVALID_ARGUMENT, "options.backoff.exponential.jitter"),
                Arguments.of("NaN multiplier", withOptions(EnqueueOptions.newBuilder().setBackoff(Backoff.newBuilder()
                        .setExponential(Exponential.newBuilder().setInitial(seconds(1)).setMultiplier(Double.NaN)))),
                        Status.Code.INVALID_ARGUMENT, "options.backoff.exponential.multiplier"),
                Arguments.of("backoff max below initial", withOptions(EnqueueOptions.newBuilder().setBackoff(Backoff.newBuilder()
                        .setExponential(Exponential.newBuilder().setInitial(seconds(10)).setMax(seconds(1))))),
                        Status.Code.INVALID_ARGUMENT, "options.backoff.exponential.max"),
                Arguments.of("empty backoff", withOptions(EnqueueOptions.newBuilder().setBackoff(Backoff.getDefaultInstance())),
                        Status.Code.INVALID_ARGUMENT, "options.backoff"),
                Arguments.of("negative exclusion_limit", withOptions(EnqueueOptions.newBuilder().setExclusionLimit(-1)),
                        Status.Code.INVALID_ARGUMENT, "options.exclusion_limit"),
                Arguments.of("absurd priority", withOptions(EnqueueOptions.newBuilder().setPriority(2_000_000_000)),
                        Status.Code.INVALID_ARGUMENT, "options.priority"),
                Arguments.of("negative unique_for", withOptions(EnqueueOptions.newBuilder().setUniqueFor(seconds(-1))),
                        Status.Code.INVALID_ARGUMENT, "options.unique_for"),
                Arguments.of("unique_key with NUL", withOptions(EnqueueOptions.newBuilder().setUniqueKey("a\u0000b")),
                        Status.Code.INVALID_ARGUMENT, "options.unique_key"),
                Arguments.of("unique_key too long", withOptions(EnqueueOptions.newBuilder().setUniqueKey("k".repeat(600))),
                        Status.Code.INVALID_ARGUMENT, "options.unique_key"),
                Arguments.of("empty tag name", withOptions(EnqueueOptions.newBuilder().putTags("", "v")),
                        Status.Code.INVALID_ARGUMENT, "options.tags"),
                Arguments.of("too many tags", withOptions(manyTags()), Status.Code.INVALID_ARGUMENT, "options.tags"));
    }

    static EnqueueOptions.Builder manyTags() {
        EnqueueOptions.Builder b = EnqueueOptions.newBuilder();
        for (int i = 0; i < 51; i++) {
            b.putTags("t" + i, "v");
        }
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEnqueues")
    void refusedEnqueueNamesTheFieldAndStoresNothing(String why, EnqueueRequest request, Status.Code code, String field)
            throws Exception {
        long before = server.jobCount();
        assertThatThrownBy(() -> server.stub().enqueue(request)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).as(why).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).as(why).startsWith(field + ":");
        });
        assertThat(server.jobCount()).isEqualTo(before);
    }

    @Test
    void oneBadItemRejectsTheWholeBatchNamingItsIndex() throws Exception {
        long before = server.jobCount();
        EnqueueBatchRequest batch = EnqueueBatchRequest.newBuilder()
                .addRequests(echo()).addRequests(echo()).addRequests(echo().setPayloadJson("{oops"))
                .addRequests(echo()).build();
        assertThatThrownBy(() -> server.stub().enqueueBatch(batch)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).startsWith("requests[2].payload_json:");
        });
        assertThat(server.jobCount()).isEqualTo(before);
    }

    @Test
    void unknownJobIdIsNotFound() {
        for (Runnable call : new Runnable[]{
                () -> server.stub().getJob(GetJobRequest.newBuilder().setJobId("01a20e74-0000-7000-8000-000000000000").build()),
                () -> server.stub().cancelJob(CancelJobRequest.newBuilder().setJobId("nope").build())}) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                assertThat(e.getStatus().getDescription()).startsWith("job_id:");
            });
        }
    }

    @Test
    void emptyJobIdIsInvalid() {
        assertThatThrownBy(() -> server.stub().getJob(GetJobRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
}
