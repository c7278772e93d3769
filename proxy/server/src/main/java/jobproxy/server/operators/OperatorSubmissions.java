package jobproxy.server.operators;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import jakarta.inject.Singleton;
import jobproxy.admin.ports.JobSubmitter;
import jobproxy.db.jobs.NewJob;
import jobproxy.server.enqueue.EnqueueValidator;
import jobproxy.server.enqueue.Enqueuer;
import jobproxy.server.enqueue.Rejection;
import jobproxy.v1.EnqueueOptions;
import jobproxy.v1.EnqueueRequest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Jobs created on the admin screen take the gRPC path: the options are EnqueueOptions in protobuf's JSON form, the
 * request is validated by the same validator and written by the same enqueuer, so an operator can create nothing a
 * caller could not.
 */
@Singleton
public class OperatorSubmissions implements JobSubmitter {
    private final EnqueueValidator validator;
    private final Enqueuer enqueuer;

    public OperatorSubmissions(EnqueueValidator validator, Enqueuer enqueuer) {
        this.validator = validator;
        this.enqueuer = enqueuer;
    }

    @Override
    public CompletableFuture<Submitted> submit(String job, String payloadJson, String optionsJson) {
        EnqueueRequest.Builder req = EnqueueRequest.newBuilder().setJob(job).setPayloadJson(payloadJson);
        if (optionsJson != null) {
            EnqueueOptions.Builder options = EnqueueOptions.newBuilder();
            try {
                JsonFormat.parser().merge(optionsJson, options);
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                throw new Refused("options: " + e.getMessage());
            }
            req.setOptions(options);
        }
        NewJob newJob;
        try {
            newJob = validator.validate(req.build(), System.currentTimeMillis());
        } catch (Rejection r) {
            throw new Refused(r.getMessage());
        }
        return enqueuer.enqueue(List.of(newJob)).thenApply(a -> new Submitted(a.get(0).jobId(), a.get(0).duplicate()));
    }
}
