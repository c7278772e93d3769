package jobproxy.db.jobs;

/** Test access to the package-private verdict rule. */
public final class JobTransitionsAccess {
    private JobTransitionsAccess() {
    }

    public static boolean verdict(int rows) {
        return JobTransitions.verdict(rows, "test", "job");
    }
}
