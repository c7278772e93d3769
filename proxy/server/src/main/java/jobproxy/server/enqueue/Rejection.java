package jobproxy.server.enqueue;

import io.grpc.Status;

/** A refused request (DESIGN I6): the gRPC code plus a message naming the field and the rule it broke. */
public class Rejection extends RuntimeException {
    private final Status.Code code;

    public Rejection(Status.Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public static Rejection invalid(String field, String rule) {
        return new Rejection(Status.Code.INVALID_ARGUMENT, field + ": " + rule);
    }

    public Status.Code code() {
        return code;
    }

    /** The same rejection with the field path prefixed, e.g. requests[3].payload_json. */
    public Rejection at(String prefix) {
        return new Rejection(code, prefix + "." + getMessage());
    }

    public Status toStatus() {
        return Status.fromCode(code).withDescription(getMessage());
    }
}
