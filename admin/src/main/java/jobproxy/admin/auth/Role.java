package jobproxy.admin.auth;

/** viewer reads; operator also acts (cancel, retry, delete, create, sweep). Checked on the server for every request. */
public enum Role {
    VIEWER, OPERATOR;

    public boolean mayAct() {
        return this == OPERATOR;
    }
}
