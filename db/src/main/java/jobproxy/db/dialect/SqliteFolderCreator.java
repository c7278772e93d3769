package jobproxy.db.dialect;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Creates the folder of a SQLite database file before the pool opens it: sqlite-jdbc creates the file but not its
 * folders, and the server must start from any working folder with no setup (./data does not exist on first start).
 */
@Singleton
public class SqliteFolderCreator implements BeanCreatedEventListener<DatasourceConfiguration> {
    private static final String PREFIX = Dialect.SQLITE_PREFIX;

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration config = event.getBean();
        String url = config.getUrl();
        if (Dialect.isSqlite(url) && !url.startsWith(PREFIX + ":memory:")) {
            String file = url.substring(PREFIX.length());
            int query = file.indexOf('?');
            Path parent = Path.of(query >= 0 ? file.substring(0, query) : file).toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the database folder " + parent, e);
            }
        }
        return config;
    }
}
