package jobproxy.db.jobs;

/** Why an attempt did not succeed, as recorded on its attempt row and (message only) as the job's last_error. */
public record AttemptError(AttemptOutcome outcome, String errorClass, String message, String stackTrace) {
    public AttemptError {
        if (outcome == AttemptOutcome.SUCCEEDED) {
            throw new IllegalArgumentException("an error cannot have outcome SUCCEEDED");
        }
    }

    /** The one-line summary shown as the job's last error. */
    public String summary() {
        return message == null || message.isEmpty() ? errorClass : errorClass + ": " + message;
    }
}
