package jobproxy.server.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Bearer-token check for every call: UNAUTHENTICATED when the token is missing or wrong, before any handler runs (so a
 * refused call stores nothing). Tokens are compared as SHA-256 digests with MessageDigest.isEqual: constant time, and
 * the same length whatever the caller sends. Tokens are never logged.
 */
final class TokenCheck implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "Bearer ";

    private final List<byte[]> digests;

    TokenCheck(List<String> tokens) {
        this.digests = tokens.stream().map(TokenCheck::digest).toList();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String header = headers.get(AUTHORIZATION);
        if (header == null || !header.startsWith(BEARER)) {
            call.close(Status.UNAUTHENTICATED.withDescription("authorization: a bearer token is required"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        byte[] presented = digest(header.substring(BEARER.length()));
        boolean ok = false;
        for (byte[] d : digests) {
            ok |= MessageDigest.isEqual(d, presented); // no early exit: every token is compared
        }
        if (!ok) {
            call.close(Status.UNAUTHENTICATED.withDescription("authorization: the bearer token is not valid"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
