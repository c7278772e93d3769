package jobproxy.performer;

import java.lang.reflect.Type;

/**
 * Extend this to make a job: implement {@link #perform}. The payload JSON is bound to {@code P}; the returned value is
 * stored as the job's result JSON. A thrown exception is an attempt that failed (retried per {@link #defaults()}).
 * Make the subclass a bean ({@code @Singleton}) and the dispatcher finds it.
 *
 * @param <P> payload type, bound from the job's JSON
 * @param <R> result type, stored as JSON (use {@code Void} and return null for none)
 */
public abstract class Performer<P, R> {
    private final Type payloadType = TypeArguments.of(getClass(), Performer.class, 0);
    private final Type resultType = TypeArguments.of(getClass(), Performer.class, 1);

    public abstract R perform(P payload, JobContext ctx) throws Exception;

    /** Defaults for options the caller left unset, non-retryable exceptions and limits. */
    protected JobDefaults defaults() {
        return JobDefaults.standard();
    }

    /** A unique key derived from the payload, used when the caller gave none; null for no duplicate suppression. */
    protected String uniqueKey(P payload) {
        return null;
    }

    /** An exclusion key derived from the payload, used when the caller gave none; null for none. */
    protected String exclusionKey(P payload) {
        return null;
    }

    /** Called after the job was committed COMPLETED. Exceptions here are logged, never change the job. */
    protected void onSuccess(P payload, R result, JobMeta meta) {
    }

    /** Called after a failed attempt was committed; {@code isFinal} when the job is FAILED for good. */
    protected void onFailure(P payload, Throwable error, JobMeta meta, boolean isFinal) {
    }

    /** The name callers enqueue by: {@link JobName}, else the simple class name. */
    public final String name() {
        JobName named = getClass().getAnnotation(JobName.class);
        return named != null ? named.value() : TypeArguments.userClass(getClass()).getSimpleName();
    }

    public final Type payloadType() {
        return payloadType;
    }

    public final Type resultType() {
        return resultType;
    }
}
