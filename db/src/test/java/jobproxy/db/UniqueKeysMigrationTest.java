package jobproxy.db;

import jobproxy.db.dialect.Dialect;
import jobproxy.db.jobs.Backoff;
import jobproxy.db.jobs.Enqueued;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.db.jobs.NewJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration V5 re-keys unique_keys by (prefix, hash): keys stored before it must still count as duplicates after it,
 * which holds only if the migration's SQL prefix equals the one Java computes (hazard: SQL counts characters, Java's
 * String counts UTF-16 units, and they differ for keys with characters outside the BMP).
 */
class UniqueKeysMigrationTest {
    @TempDir
    Path dir;

    @Test
    void keysStoredBeforeTheMigrationStillCountAsDuplicates() throws Exception {
        SQLiteDataSource ds = MigratedSqlite.at(dir.resolve("m.db"), "4");
        String longKey = "\uD83D\uDE00".repeat(30) + "order-7-" + "x".repeat(40); // 30 emoji: past 48 characters
        try (Connection c = ds.getConnection()) {
            insertOld(c, "h-short", "order-7", "holder-1");
            insertOld(c, "h-long", longKey, "holder-2");
        }
        MigratedSqlite.toLatest(ds);

        JobTransitions t = new JobTransitions(Dialect.SQLITE);
        try (Connection c = ds.getConnection()) {
            List<Enqueued> out = t.enqueue(c, List.of(job("new-1", "order-7", "h-short"), job("new-2", longKey, "h-long"),
                    job("new-3", "order-8", "h-other")), 2_000);
            assertThat(out).extracting(Enqueued::jobId).containsExactly("holder-1", "holder-2", "new-3");
            assertThat(out).extracting(Enqueued::duplicate).containsExactly(true, true, false);
        }
    }

    private static void insertOld(Connection c, String hash, String key, String jobId) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO unique_keys (key_hash, name, unique_key, job_id,"
                + " created_at) VALUES (?, 'Echo', ?, ?, 1000)")) {
            ps.setString(1, hash);
            ps.setString(2, key);
            ps.setString(3, jobId);
            ps.executeUpdate();
        }
    }

    private static NewJob job(String id, String key, String hash) {
        return new NewJob(id, "Echo", "{}", 2, 0, 2_000, 2_000, null, Backoff.DEFAULT, key, hash, 0, null, 1, Map.of());
    }
}
