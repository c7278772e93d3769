package jobproxy.db.dialect;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** The database's dialect, read once from the pool at start (never per statement on the hot path). */
@Factory
class DialectFactory {
    @Singleton
    Dialect dialect(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Dialect.of(c);
        }
    }
}
