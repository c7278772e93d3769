package jobproxy.db.commit;

import org.sqlite.SQLiteConnection;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the writers' prepared statements per physical SQLite connection, so the same SQL is compiled once, not once per
 * job. Why here: sqlite-jdbc compiles the SQL on every {@code prepareStatement} and has no cache of its own
 * (xerial/sqlite-jdbc#614), HikariCP declines to cache statements, and the writer runs the same few statements
 * thousands of times a second: compiling them was a quarter of its time (JFR, PeerBenchmark). PostgreSQL connections
 * pass through: pgjdbc caches parsed and server-prepared statements per connection itself (preparedStatementCacheQueries,
 * prepareThreshold). The transitions keep their plain {@code try (PreparedStatement ps = c.prepareStatement(sql))}: the
 * wrapped connection hands out a cached {@link ReusableStatement} whose {@code close()} only clears its parameters.
 * Hazards guarded: a statement still open when the same SQL is asked for again (nested use) gets a fresh, uncached
 * one; SQL that varies (IN lists) cannot grow the cache past {@link #MAX_PER_CONNECTION}; a connection the pool
 * retired (or that died while a statement was out) is dropped with its statements.
 */
final class StatementCache {
    static final int MAX_PER_CONNECTION = 128;

    private static final Set<Method> OPENED = ConcurrentHashMap.newKeySet();

    private final Map<Connection, Map<String, ReusableStatement>> byConnection = new ConcurrentHashMap<>();

    /** The pooled connection, with {@code prepareStatement(String)} served from this cache; everything else passes. */
    Connection wrap(Connection pooled) throws SQLException {
        if (!pooled.isWrapperFor(SQLiteConnection.class)) {
            return pooled;
        }
        SQLiteConnection physical = pooled.unwrap(SQLiteConnection.class);
        Map<String, ReusableStatement> statements = byConnection.get(physical);
        if (statements == null) {
            dropClosed();
            statements = lru();
            byConnection.put(physical, statements);
        }
        Map<String, ReusableStatement> cache = statements;
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> method.getName().equals("prepareStatement") && args.length == 1
                        ? lease(cache, physical, pooled, (String) args[0])
                        : call(method, pooled, args));
    }

    /** Statements cached over all connections (for tests). */
    int size() {
        return byConnection.values().stream().mapToInt(Map::size).sum();
    }

    private static PreparedStatement lease(Map<String, ReusableStatement> cache, SQLiteConnection physical,
                                           Connection pooled, String sql) throws SQLException {
        ReusableStatement s = cache.get(sql);
        if (s == null || s.released()) {
            s = new ReusableStatement(physical, sql);
            cache.put(sql, s);
        } else if (s.inUse()) {
            return pooled.prepareStatement(sql); // nested use of the same SQL: a one-off statement
        }
        s.lend();
        return s;
    }

    private static Map<String, ReusableStatement> lru() {
        return new LinkedHashMap<>(32, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ReusableStatement> eldest) {
                if (size() > MAX_PER_CONNECTION && !eldest.getValue().inUse()) {
                    eldest.getValue().release();
                    return true;
                }
                return false;
            }
        };
    }

    private void dropClosed() {
        for (Iterator<Map.Entry<Connection, Map<String, ReusableStatement>>> it = byConnection.entrySet().iterator();
             it.hasNext(); ) {
            Map.Entry<Connection, Map<String, ReusableStatement>> e = it.next();
            if (isClosed(e.getKey())) {
                e.getValue().values().forEach(ReusableStatement::release);
                it.remove();
            }
        }
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * Calls through to the pooled connection. Each interface method is made accessible once: an unchecked
     * {@code Method.invoke} walks the stack for its caller and re-checks access on every call (a tenth of the database
     * writer's own time when statements were proxied too, JFR), and these are public methods of a public interface.
     */
    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        // contains() first: add() on a present key still locks its bin (ConcurrentHashMap.putVal), on every call
        if (!OPENED.contains(method) && OPENED.add(method)) {
            method.setAccessible(true);
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
