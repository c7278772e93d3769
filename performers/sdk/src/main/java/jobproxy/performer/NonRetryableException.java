package jobproxy.performer;

/** Thrown by a performer to fail the job at once, whatever attempts are left (bad payload, permanent refusal). */
public class NonRetryableException extends Exception {
    public NonRetryableException(String message) {
        super(message);
    }

    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
