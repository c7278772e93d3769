package jobproxy.server.grpc;

import com.google.protobuf.Timestamp;
import jobproxy.db.jobs.AttemptRow;
import jobproxy.db.jobs.JobRow;
import jobproxy.v1.Attempt;
import jobproxy.v1.AttemptOutcome;
import jobproxy.v1.Job;
import jobproxy.v1.JobStatus;

import java.util.List;

/** Database rows to the jobproxy.v1 messages. */
final class JobMapper {
    private JobMapper() {
    }

    static Job toProto(JobRow j, List<AttemptRow> attempts) {
        Job.Builder b = Job.newBuilder()
                .setId(j.id())
                .setJob(j.name())
                .setStatus(JobStatus.valueOf("JOB_STATUS_" + j.status().name()))
                .setPayloadJson(j.payload())
                .setAttempts(j.attempts())
                .setMaxAttempts(j.maxAttempts())
                .setPriority(j.priority())
                .setCreatedAt(ts(j.createdAt()))
                .setRunAt(ts(j.runAt()))
                .putAllTags(j.tags());
        if (j.result() != null) {
            b.setResultJson(j.result());
        }
        if (j.startedAt() != null) {
            b.setStartedAt(ts(j.startedAt()));
        }
        if (j.finishedAt() != null) {
            b.setFinishedAt(ts(j.finishedAt()));
        }
        if (j.uniqueKey() != null) {
            b.setUniqueKey(j.uniqueKey());
        }
        if (j.exclusionKey() != null) {
            b.setExclusionKey(j.exclusionKey());
        }
        if (j.lastError() != null) {
            b.setLastError(j.lastError());
        }
        attempts.forEach(a -> b.addAttemptHistory(toProto(a)));
        return b.build();
    }

    private static Attempt toProto(AttemptRow a) {
        Attempt.Builder b = Attempt.newBuilder()
                .setNumber(a.number())
                .setNode(a.node())
                .setStartedAt(ts(a.startedAt()))
                .setOutcome(a.outcome() == null ? AttemptOutcome.ATTEMPT_OUTCOME_UNSPECIFIED
                        : AttemptOutcome.valueOf("ATTEMPT_OUTCOME_" + a.outcome().name()));
        if (a.finishedAt() != null) {
            b.setFinishedAt(ts(a.finishedAt()));
        }
        if (a.errorClass() != null) {
            b.setErrorClass(a.errorClass());
        }
        if (a.errorMessage() != null) {
            b.setErrorMessage(a.errorMessage());
        }
        if (a.stackTrace() != null) {
            b.setStackTrace(a.stackTrace());
        }
        return b.build();
    }

    static Timestamp ts(long millis) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(millis, 1000))
                .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000).build();
    }
}
