package jobproxy.performer;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declarative duplicate suppression: the unique key is derived from these top-level payload fields (canonical JSON),
 * or from the whole canonical payload when no field is named. An explicit unique_key on enqueue wins; overriding
 * {@link Performer#uniqueKey} wins over this annotation.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface UniqueOn {
    String[] value() default {};
}
