package jobproxy.db.commit;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A piece of database work that runs inside a transaction it does not own. It may be run more than once (the batch it
 * was in rolled back and is retried), so it must have no effect outside the connection.
 */
@FunctionalInterface
public interface TxWork<T> {
    T run(Connection c) throws SQLException;
}
