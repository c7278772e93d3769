package jobproxy.bench.peers;

import jobproxy.bench.ScratchDirs;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.BackgroundJob;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;

import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * JobRunr with its SQLite storage provider doing the same no-op jobs, in this JVM: bulk-enqueued, timed until its
 * storage counts them all succeeded. Poll interval at its minimum (5 s); other settings are JobRunr's defaults.
 */
final class JobRunrRun {
    private JobRunrRun() {
    }

    static double endToEnd(int jobs) throws Exception {
        Path dir = ScratchDirs.create("jobrunr");
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl("jdbc:sqlite:" + dir.resolve("jobrunr.db") + "?journal_mode=WAL&synchronous=FULL&busy_timeout=10000");
        hc.setMaximumPoolSize(8);
        try (HikariDataSource ds = new HikariDataSource(hc)) {
            StorageProvider storage = SqlStorageProviderFactory.using(ds);
            JobRunr.configure().useStorageProvider(storage)
                    .useBackgroundJobServer(BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                            .andPollIntervalInSeconds(5))
                    .initialize();
            try {
                long t0 = System.nanoTime();
                BackgroundJob.<Integer>enqueue(IntStream.range(0, jobs).boxed(), i -> NoopJob.run(i));
                while (storage.getJobStats().getSucceeded() < jobs) {
                    Thread.sleep(200);
                }
                return jobs / ((System.nanoTime() - t0) / 1e9);
            } finally {
                JobRunr.destroy();
            }
        } finally {
            ScratchDirs.delete(dir);
        }
    }
}
