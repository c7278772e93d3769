package jobproxy.server.config;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

/** Bean condition: this process serves the gRPC API (jobproxy.roles contains enqueue). */
public class EnqueueRole implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
        return DispatchRole.Roles.has(context, "enqueue");
    }
}
