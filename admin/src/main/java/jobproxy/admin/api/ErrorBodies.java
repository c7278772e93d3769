package jobproxy.admin.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Errors Micronaut raises itself (unsupported media type, unreadable body, unknown route) in the same shape as ours,
 * {"error": "...", "status": N}, so that every refusal a client sees reads the same way. Never includes a stack trace.
 */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
public class ErrorBodies implements JsonErrorResponseBodyProvider<Map<String, Object>> {
    @Override
    public Map<String, Object> body(ErrorContext context, HttpResponse<?> response) {
        String message = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        return of(response.getStatus().getCode(), message.isBlank() ? response.getStatus().getReason() : message);
    }

    /** The one error shape of the admin: {"error": message, "status": code}. */
    public static Map<String, Object> of(int status, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", message);
        out.put("status", status);
        return out;
    }
}
