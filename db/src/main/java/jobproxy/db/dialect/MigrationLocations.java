package jobproxy.db.dialect;

import io.micronaut.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Points Flyway at the migrations of the database the URL names, so one configuration key (the JDBC URL) switches
 * SQLite and PostgreSQL (hazard: a hand-set location left at SQLite's while the URL points at PostgreSQL).
 */
@Singleton
@Named("default")
public class MigrationLocations implements FlywayConfigurationCustomizer {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationLocations.class);

    @Override
    public void customizeFluentConfiguration(FluentConfiguration configuration) {
        try (Connection c = configuration.getDataSource().getConnection()) {
            Dialect dialect = Dialect.of(c);
            configuration.locations(dialect.migrations());
            LOG.info("database {} {} at {}", c.getMetaData().getDatabaseProductName(),
                    c.getMetaData().getDatabaseProductVersion(), withoutQuery(c.getMetaData().getURL()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the database to choose its migrations: " + e.getMessage(), e);
        }
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    @Override
    public String getName() {
        return "default";
    }
}
