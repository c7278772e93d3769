package jobproxy.performer;

/**
 * How the proxy calls a performer's protected hooks. Performer authors override protected methods (so the methods do
 * not clutter the performer's public API); the dispatcher, in another package, reaches them through here.
 */
public final class Performers {
    private Performers() {
    }

    public static JobDefaults defaults(Performer<?, ?> p) {
        return p.defaults();
    }

    @SuppressWarnings("unchecked")
    public static <P> String uniqueKey(Performer<P, ?> p, Object payload) {
        return p.uniqueKey((P) payload);
    }

    @SuppressWarnings("unchecked")
    public static <P> String exclusionKey(Performer<P, ?> p, Object payload) {
        return p.exclusionKey((P) payload);
    }

    @SuppressWarnings("unchecked")
    public static <P, R> void onSuccess(Performer<P, R> p, Object payload, Object result, JobMeta meta) {
        p.onSuccess((P) payload, (R) result, meta);
    }

    @SuppressWarnings("unchecked")
    public static <P> void onFailure(Performer<P, ?> p, Object payload, Throwable error, JobMeta meta, boolean isFinal) {
        p.onFailure((P) payload, error, meta, isFinal);
    }

    @SuppressWarnings("unchecked")
    public static <P> Object perform(Performer<P, ?> p, Object payload, JobContext ctx) throws Exception {
        return p.perform((P) payload, ctx);
    }
}
