package jobproxy.server.config;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyResolver;

import java.util.List;

/** Bean condition: this process runs performers (jobproxy.roles contains dispatch). */
public class DispatchRole implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
        return Roles.has(context, "dispatch");
    }

    /** Reads jobproxy.roles, also when given as one comma-separated string (environment variables). */
    static final class Roles {
        private static final List<String> ALL = List.of("enqueue", "dispatch", "admin");

        private Roles() {
        }

        static boolean has(ConditionContext context, String role) {
            List<String> roles = context.getBeanContext() instanceof PropertyResolver r
                    ? r.get("jobproxy.roles", Argument.listOf(String.class)).orElse(ALL)
                    : ALL;
            return roles.stream().flatMap(s -> java.util.Arrays.stream(String.valueOf(s).split(",")))
                    .anyMatch(s -> s.trim().equalsIgnoreCase(role));
        }
    }
}
