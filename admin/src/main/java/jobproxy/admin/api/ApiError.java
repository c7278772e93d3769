package jobproxy.admin.api;

import io.micronaut.http.HttpStatus;

/** Bad request input (400), with a message that names the parameter or field and the rule it broke. */
public final class ApiError extends RuntimeException {
    private final HttpStatus status;

    public ApiError(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ApiError bad(String message) {
        return new ApiError(HttpStatus.BAD_REQUEST, message);
    }

    public HttpStatus status() {
        return status;
    }
}
