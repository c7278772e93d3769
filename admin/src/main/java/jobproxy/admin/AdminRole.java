package jobproxy.admin;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyResolver;

import java.util.Arrays;
import java.util.List;

/**
 * Bean condition: this process serves the admin screen and API (jobproxy.roles contains admin, the default). A node
 * without the role has no admin routes, prints no generated password and keeps no sessions (DESIGN §7).
 */
public class AdminRole implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
        List<String> roles = context.getBeanContext() instanceof PropertyResolver r
                ? r.get("jobproxy.roles", Argument.listOf(String.class)).orElse(List.of("admin"))
                : List.of("admin");
        return roles.stream().flatMap(s -> Arrays.stream(String.valueOf(s).split(",")))
                .anyMatch(s -> s.trim().equalsIgnoreCase("admin"));
    }
}
