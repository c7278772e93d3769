package jobproxy.db;

import jobproxy.db.dialect.Dialect;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;

/** A SQLite file under the production migrations, for tests of an upgrade: migrated to a version, then to the latest. */
final class MigratedSqlite {
    private MigratedSqlite() {
    }

    /** A new database file at {@code file}, migrated up to {@code version} (foreign keys enforced, as the server does). */
    static SQLiteDataSource at(Path file, String version) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file);
        ds.setEnforceForeignKeys(true);
        flyway(ds).target(version).load().migrate();
        return ds;
    }

    /** Runs the remaining migrations. */
    static void toLatest(SQLiteDataSource ds) {
        flyway(ds).load().migrate();
    }

    private static FluentConfiguration flyway(SQLiteDataSource ds) {
        return Flyway.configure().dataSource(ds).locations(Dialect.SQLITE.migrations());
    }
}
