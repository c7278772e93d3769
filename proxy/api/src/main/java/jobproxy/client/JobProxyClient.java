package jobproxy.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import jobproxy.v1.AwaitJobRequest;
import jobproxy.v1.CancelJobRequest;
import jobproxy.v1.EnqueueRequest;
import jobproxy.v1.EnqueueResponse;
import jobproxy.v1.GetJobRequest;
import jobproxy.v1.Job;
import jobproxy.v1.JobProxyGrpc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The thin Java client: enqueue typed payloads (serialised with Jackson), get, cancel and await jobs. Failures are
 * {@link io.grpc.StatusRuntimeException}s carrying the server's code and a message naming the field.
 *
 * <pre>{@code
 * try (var jobs = JobProxyClient.connect("localhost:50051")) {
 *     String id = jobs.enqueue("SendWelcomeEmail", new Payload("42", "a@b.c"), EnqueueOptions.builder().build());
 *     Job done = jobs.await(id, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class JobProxyClient implements AutoCloseable {
    /** The server's answer to one enqueue. */
    public record Enqueued(String jobId, boolean duplicate) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final ManagedChannel channel;
    private final boolean ownsChannel;
    private final JobProxyGrpc.JobProxyBlockingStub stub;

    private JobProxyClient(ManagedChannel channel, boolean ownsChannel) {
        this.channel = channel;
        this.ownsChannel = ownsChannel;
        this.stub = JobProxyGrpc.newBlockingStub(channel);
    }

    /** A plaintext connection to {@code host:port} without a token (the embedded default: loopback). */
    public static JobProxyClient connect(String target) {
        return new JobProxyClient(ManagedChannelBuilder.forTarget(target).usePlaintext().build(), true);
    }

    /**
     * A connection with a bearer token and/or TLS: {@code trustedCertificate} is the server's certificate (or its CA) in
     * PEM; null for plaintext. {@code token} null for none.
     */
    public static JobProxyClient connect(String target, String token, java.io.File trustedCertificate) {
        io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder b =
                io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forTarget(target);
        if (trustedCertificate == null) {
            b.usePlaintext();
        } else {
            try {
                b.sslContext(io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forClient()
                        .trustManager(trustedCertificate).build());
            } catch (javax.net.ssl.SSLException e) {
                throw new IllegalArgumentException("cannot use " + trustedCertificate + " as a trusted certificate", e);
            }
        }
        if (token != null) {
            io.grpc.Metadata headers = new io.grpc.Metadata();
            headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            b.intercept(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return new JobProxyClient(b.build(), true);
    }

    /** Uses a channel the caller configured and owns. */
    public static JobProxyClient using(ManagedChannel channel) {
        return new JobProxyClient(channel, false);
    }

    public String enqueue(String job, Object payload, EnqueueOptions options) {
        return enqueueDetailed(job, payload, options).jobId();
    }

    public String enqueue(String job, Object payload) {
        return enqueue(job, payload, EnqueueOptions.none());
    }

    public Enqueued enqueueDetailed(String job, Object payload, EnqueueOptions options) {
        EnqueueResponse r = stub.enqueue(EnqueueRequest.newBuilder().setJob(job).setPayloadJson(toJson(payload))
                .setOptions(options.toProto()).build());
        return new Enqueued(r.getJobId(), r.getDuplicate());
    }

    public Job get(String jobId) {
        return stub.getJob(GetJobRequest.newBuilder().setJobId(jobId).build());
    }

    public Job cancel(String jobId) {
        return stub.cancelJob(CancelJobRequest.newBuilder().setJobId(jobId).build());
    }

    /** Waits until the job is COMPLETED, FAILED or CANCELLED; DEADLINE_EXCEEDED after {@code timeout}. */
    public Job await(String jobId, Duration timeout) {
        return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .awaitJob(AwaitJobRequest.newBuilder().setJobId(jobId).build());
    }

    /** The generated stub, for batch enqueue and anything else the typed methods do not cover. */
    public JobProxyGrpc.JobProxyBlockingStub stub() {
        return stub;
    }

    private static String toJson(Object payload) {
        if (payload instanceof String s) {
            return s; // already JSON
        }
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (ownsChannel) {
            channel.shutdown();
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        }
    }
}
