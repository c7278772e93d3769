package jobproxy.server.grpc;

import io.grpc.Attributes;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A request that is not a valid protobuf message (truncated bytes, invalid UTF-8 in a string field) is the caller's
 * mistake: answer INVALID_ARGUMENT (DESIGN I6). grpc-java reports any exception thrown while parsing a request as
 * UNKNOWN, so each method is registered with a byte pass-through marshaller and the request is parsed inside the call,
 * where a failure can close it with the right status before the handler ever sees it.
 */
final class StrictParsing {
    private StrictParsing() {
    }

    static ServerServiceDefinition wrap(ServerServiceDefinition service) {
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
            b.addMethod(strict(m));
        }
        return b.build();
    }

    private static <Q, A> ServerMethodDefinition<byte[], A> strict(ServerMethodDefinition<Q, A> m) {
        MethodDescriptor<Q, A> typed = m.getMethodDescriptor();
        MethodDescriptor<byte[], A> raw = typed.toBuilder(new Bytes(), typed.getResponseMarshaller()).build();
        ServerCallHandler<byte[], A> handler = (call, headers) -> {
            ServerCall.Listener<Q> inner = m.getServerCallHandler().startCall(new Typed<>(call, typed), headers);
            return new ServerCall.Listener<>() {
                private boolean refused;

                @Override
                public void onMessage(byte[] message) {
                    Q request;
                    try {
                        request = typed.parseRequest(new KnownLengthBytes(message));
                    } catch (RuntimeException e) {
                        refused = true;
                        call.close(Status.INVALID_ARGUMENT.withDescription("request: not a valid "
                                + typed.getFullMethodName() + " message (" + Status.fromThrowable(e).getDescription() + ")"),
                                new Metadata());
                        return;
                    }
                    inner.onMessage(request);
                }

                @Override
                public void onHalfClose() {
                    if (!refused) {
                        inner.onHalfClose();
                    }
                }

                @Override
                public void onCancel() {
                    inner.onCancel();
                }

                @Override
                public void onComplete() {
                    inner.onComplete();
                }

                @Override
                public void onReady() {
                    inner.onReady();
                }
            };
        };
        return ServerMethodDefinition.create(raw, handler);
    }

    /** The byte-level call seen by the generated handler as the typed call it expects. */
    private static final class Typed<Q, A> extends ServerCall<Q, A> {
        private final ServerCall<byte[], A> call;
        private final MethodDescriptor<Q, A> method;

        Typed(ServerCall<byte[], A> call, MethodDescriptor<Q, A> method) {
            this.call = call;
            this.method = method;
        }

        @Override
        public void request(int numMessages) {
            call.request(numMessages);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            call.sendHeaders(headers);
        }

        @Override
        public void sendMessage(A message) {
            call.sendMessage(message);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            call.close(status, trailers);
        }

        @Override
        public boolean isCancelled() {
            return call.isCancelled();
        }

        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            call.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            call.setCompression(compressor);
        }

        @Override
        public Attributes getAttributes() {
            return call.getAttributes();
        }

        @Override
        public String getAuthority() {
            return call.getAuthority();
        }

        @Override
        public MethodDescriptor<Q, A> getMethodDescriptor() {
            return method;
        }
    }

    /**
     * The request's bytes, read in one array of the size grpc announces (its message streams know their length):
     * {@code readAllBytes} gathered 8 KiB chunks and copied them into a third array, per call (with protobuf's 4 KiB
     * stream buffer, the largest allocations of a unary Enqueue, JFR).
     */
    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                byte[] announced = stream.readNBytes(stream.available());
                int next = stream.read();
                if (next < 0) {
                    return announced;
                }
                // a stream that announced less than it holds: the rest the slow way
                byte[] rest = stream.readAllBytes();
                byte[] all = new byte[announced.length + 1 + rest.length];
                System.arraycopy(announced, 0, all, 0, announced.length);
                all[announced.length] = (byte) next;
                System.arraycopy(rest, 0, all, announced.length + 1, rest.length);
                return all;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The request's bytes as a stream that says its length: protobuf's grpc marshaller then parses them from an array
     * it keeps per thread instead of allocating a stream buffer for every request.
     */
    private static final class KnownLengthBytes extends ByteArrayInputStream implements KnownLength {
        KnownLengthBytes(byte[] bytes) {
            super(bytes);
        }
    }
}
