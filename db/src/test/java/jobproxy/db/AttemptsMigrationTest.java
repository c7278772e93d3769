package jobproxy.db;

import jobproxy.db.dialect.Dialect;
import jobproxy.db.jobs.Backoff;
import jobproxy.db.jobs.Claim;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.db.jobs.NewJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration V7 rebuilds attempts as a WITHOUT ROWID table: the history written before it must survive it whole, an
 * attempt open across it must still finish, and deleting a job must still take its attempts along (the foreign key's
 * cascade is on the rebuilt table).
 */
class AttemptsMigrationTest {
    @TempDir
    Path dir;

    @Test
    void attemptHistoryWrittenBeforeTheRebuildSurvivesIt() throws Exception {
        SQLiteDataSource ds = MigratedSqlite.at(dir.resolve("m.db"), "6");
        JobTransitions t = new JobTransitions(Dialect.SQLITE);
        try (Connection c = ds.getConnection()) {
            t.enqueue(c, List.of(job("done-1"), job("open-2")), 1_000);
            assertThat(t.claim(c, "done-1", "node-a", () -> 2_000L, 60_000)).isInstanceOf(Claim.Granted.class);
            t.complete(c, "done-1", 1, "{}", 2_500);
            assertThat(t.claim(c, "open-2", "node-a", () -> 3_000L, 60_000)).isInstanceOf(Claim.Granted.class);
        }
        MigratedSqlite.toLatest(ds);

        try (Connection c = ds.getConnection()) {
            assertThat(rows(c)).containsExactly("done-1 1 node-a 2000 2500 SUCCEEDED", "open-2 1 node-a 3000 null null");
            assertThat(t.complete(c, "open-2", 1, "{}", 3_500).applied()).isTrue();
            assertThat(rows(c)).containsExactly("done-1 1 node-a 2000 2500 SUCCEEDED", "open-2 1 node-a 3000 3500 SUCCEEDED");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM jobs WHERE id = 'done-1'");
                try (ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'attempts'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).contains("WITHOUT ROWID");
                }
            }
            assertThat(rows(c)).containsExactly("open-2 1 node-a 3000 3500 SUCCEEDED");
        }
    }

    private static List<String> rows(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT job_id, number, node, started_at,"
                + " finished_at, outcome FROM attempts ORDER BY job_id, number")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3) + " " + rs.getLong(4) + " "
                        + rs.getObject(5) + " " + rs.getString(6));
            }
        }
        return out;
    }

    private static NewJob job(String id) {
        return new NewJob(id, "Echo", "{}", 2, 0, 1_000, 1_000, null, Backoff.DEFAULT, null, null, 0, null, 1, Map.of());
    }
}
