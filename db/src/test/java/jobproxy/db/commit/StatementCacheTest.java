package jobproxy.db.commit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The writers' statement cache on a real SQLite file behind a real Hikari pool, as the group committer uses it. */
class StatementCacheTest {
    @TempDir
    Path dir;
    HikariDataSource pool;
    StatementCache cache = new StatementCache();

    @BeforeEach
    void setUp() throws SQLException {
        pool = ScratchPool.open(dir.resolve("cache.db"), 1);
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    @Test
    void theSameSqlIsCompiledOncePerConnectionAcrossBorrows() throws SQLException {
        PreparedStatement first;
        PreparedStatement second;
        try (Connection c = cache.wrap(pool.getConnection()); PreparedStatement ps = c.prepareStatement("SELECT ?")) {
            first = ps.unwrap(PreparedStatement.class);
        }
        try (Connection c = cache.wrap(pool.getConnection()); PreparedStatement ps = c.prepareStatement("SELECT ?")) {
            second = ps.unwrap(PreparedStatement.class);
        }
        assertThat(second).isSameAs(first);
        assertThat(first.isClosed()).as("a cached statement outlives the borrow that made it").isFalse();
    }

    @Test
    void closingAStatementClearsWhatTheLastUserBound() throws SQLException {
        try (Connection c = cache.wrap(pool.getConnection())) {
            try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
                ps.setInt(1, 42); // bound, then abandoned before it ran (the work threw)
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
                assertThat(single(ps)).as("no parameter leaks into the next use").isNull();
            }
        }
    }

    @Test
    void theSameSqlAskedForWhileStillOpenGetsItsOwnStatement() throws SQLException {
        try (Connection c = cache.wrap(pool.getConnection());
             PreparedStatement outer = c.prepareStatement("SELECT ?");
             PreparedStatement inner = c.prepareStatement("SELECT ?")) {
            assertThat(inner.unwrap(PreparedStatement.class)).isNotSameAs(outer.unwrap(PreparedStatement.class));
            outer.setInt(1, 1);
            inner.setInt(1, 2);
            try (ResultSet a = outer.executeQuery(); ResultSet b = inner.executeQuery()) {
                assertThat(a.next() && b.next()).isTrue();
                assertThat(a.getInt(1)).isEqualTo(1);
                assertThat(b.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void batchesAndRollbacksLeaveTheStatementReusable() throws SQLException {
        try (Connection c = cache.wrap(pool.getConnection())) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                ps.setInt(1, 1);
                ps.addBatch();
                ps.setInt(1, 2);
                ps.addBatch();
                ps.executeBatch();
            }
            c.rollback();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                ps.setInt(1, 3);
                ps.addBatch();
                assertThat(ps.executeBatch()).as("only this use's batch runs").containsExactly(1);
            }
            c.commit();
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT group_concat(v) FROM t")) {
                assertThat(String.valueOf(single(ps))).isEqualTo("3");
            }
        }
    }

    @Test
    void aReusedStatementStillKnowsItsColumnsByName() throws SQLException {
        for (int use = 1; use <= 3; use++) { // the driver forgets the names when a result set closes; they come back
            try (Connection c = cache.wrap(pool.getConnection());
                 PreparedStatement ps = c.prepareStatement("SELECT ? AS first, ? AS second")) {
                ps.setInt(1, use);
                ps.setString(2, "s" + use);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getMetaData().getColumnName(2)).isEqualTo("second");
                    assertThat(rs.getInt("first")).isEqualTo(use);
                    assertThat(rs.getString("second")).isEqualTo("s" + use);
                }
            }
        }
    }

    @Test
    void sqlThatVariesCannotGrowTheCachePastItsBound() throws SQLException {
        try (Connection c = cache.wrap(pool.getConnection())) {
            for (int i = 0; i < StatementCache.MAX_PER_CONNECTION * 3; i++) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + i)) {
                    assertThat(single(ps)).isEqualTo(i);
                }
            }
        }
        assertThat(cache.size()).isEqualTo(StatementCache.MAX_PER_CONNECTION);
    }

    @Test
    void aConnectionThePoolRetiredIsDroppedWithItsStatements() throws SQLException {
        PreparedStatement old;
        try (Connection c = pool.getConnection(); Connection wrapped = cache.wrap(c);
             PreparedStatement ps = wrapped.prepareStatement("SELECT 1")) {
            old = ps.unwrap(PreparedStatement.class);
            pool.evictConnection(c); // retired when given back
        }
        try (Connection c = cache.wrap(pool.getConnection()); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            assertThat(single(ps)).isEqualTo(1);
            assertThat(ps.unwrap(PreparedStatement.class)).isNotSameAs(old);
        }
        assertThat(old.isClosed()).isTrue();
        assertThat(cache.size()).isEqualTo(1);
    }

    private static Object single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getObject(1);
        }
    }
}
