package jobproxy.admin.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import jobproxy.admin.actions.Refusal;
import jobproxy.admin.ports.JobSubmitter;


/** Maps refusals to JSON errors: bad input 400, unknown id 404, illegal transition 409. */
public final class ApiErrors {
    private ApiErrors() {
    }

    static HttpResponse<?> json(HttpStatus status, String message) {
        return HttpResponse.status(status).body(ErrorBodies.of(status.getCode(), message));
    }

    @Produces
    @Singleton
    @Requires(classes = {ApiError.class, ExceptionHandler.class})
    public static class Bad implements ExceptionHandler<ApiError, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, ApiError e) {
            return json(e.status(), e.getMessage());
        }
    }

    @Produces
    @Singleton
    @Requires(classes = {Refusal.class, ExceptionHandler.class})
    public static class Refused implements ExceptionHandler<Refusal, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, Refusal e) {
            HttpStatus status = switch (e.kind()) {
                case BAD_INPUT -> HttpStatus.BAD_REQUEST;
                case NOT_FOUND -> HttpStatus.NOT_FOUND;
                case CONFLICT -> HttpStatus.CONFLICT;
            };
            return json(status, e.getMessage());
        }
    }

    @Produces
    @Singleton
    @Requires(classes = {JobSubmitter.Refused.class, ExceptionHandler.class})
    public static class Invalid implements ExceptionHandler<JobSubmitter.Refused, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, JobSubmitter.Refused e) {
            return json(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }
}
