package jobproxy.server.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.io.InputStream;

/**
 * A request that is not a valid protobuf message (truncated bytes, invalid UTF-8 in a string field) is the caller's
 * mistake: answer INVALID_ARGUMENT, not the INTERNAL that grpc-java's default marshaller reports (DESIGN I6: a bad
 * request gets a documented code, and INTERNAL means a bug of ours).
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

    private static <Q, A> ServerMethodDefinition<Q, A> strict(ServerMethodDefinition<Q, A> m) {
        MethodDescriptor<Q, A> method = m.getMethodDescriptor();
        MethodDescriptor.Marshaller<Q> inner = method.getRequestMarshaller();
        MethodDescriptor.Marshaller<Q> checked = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(Q value) {
                return inner.stream(value);
            }

            @Override
            public Q parse(InputStream stream) {
                try {
                    return inner.parse(stream);
                } catch (StatusRuntimeException e) {
                    throw Status.INVALID_ARGUMENT.withDescription("request: not a valid " + method.getFullMethodName()
                            + " message (" + e.getStatus().getDescription() + ")").asRuntimeException();
                }
            }
        };
        return ServerMethodDefinition.create(method.toBuilder(checked, method.getResponseMarshaller()).build(),
                m.getServerCallHandler());
    }
}
