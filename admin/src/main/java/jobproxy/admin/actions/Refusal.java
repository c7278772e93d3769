package jobproxy.admin.actions;

/** An action that did not happen, and why: the API answers 400, 404 or 409 with the message. */
public final class Refusal extends RuntimeException {
    public enum Kind { BAD_INPUT, NOT_FOUND, CONFLICT }

    private final Kind kind;

    public Refusal(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static Refusal notFound(String jobId) {
        return new Refusal(Kind.NOT_FOUND, "job_id: no job with id '" + jobId + "'");
    }
}
