package jobproxy.db.commit;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/** Which database errors are worth retrying the whole transaction for (busy, locked, serialization, deadlock). */
final class TransientErrors {
    private TransientErrors() {
    }

    /** A conflict between concurrent transactions (PostgreSQL: serialization failure, deadlock detected). */
    static boolean isConflict(Throwable t) {
        for (Throwable e = t; e != null; e = e.getCause()) {
            if (e instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    static boolean isTransient(Throwable t) {
        for (Throwable e = t; e != null; e = e.getCause()) {
            if (e instanceof SQLTransientException) {
                return true;
            }
            if (e instanceof SQLException sql) {
                if (isConflict(sql)) {
                    return true;
                }
                // SQLite: SQLITE_BUSY (5) and SQLITE_LOCKED (6), also in their extended forms (5 + n * 256)
                int code = sql.getErrorCode() & 0xff;
                String msg = String.valueOf(sql.getMessage());
                if (code == 5 || code == 6 || msg.contains("SQLITE_BUSY") || msg.contains("SQLITE_LOCKED")) {
                    return true;
                }
            }
        }
        return false;
    }
}
