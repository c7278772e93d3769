package jobproxy.db.commit;

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
 * Keeps the writers' prepared statements per physical connection, so the same SQL is compiled once, not once per job.
 * Why here: sqlite-jdbc compiles the SQL on every {@code prepareStatement} and has no cache of its own
 * (xerial/sqlite-jdbc#614), HikariCP declines to cache statements, and the writer runs the same few statements
 * thousands of times a second: compiling them was a quarter of its time (JFR, PeerBenchmark). The transitions keep
 * their plain {@code try (PreparedStatement ps = c.prepareStatement(sql))}: the wrapped connection hands out a cached
 * statement whose {@code close()} only clears its parameters.
 * Hazards guarded: a statement still open when the same SQL is asked for again (nested use) gets a fresh, uncached
 * one; SQL that varies (IN lists) cannot grow the cache past {@link #MAX_PER_CONNECTION}; a connection the pool
 * retired (or that died while a statement was out) is dropped with its statements.
 */
final class StatementCache {
    static final int MAX_PER_CONNECTION = 128;
    private static final Set<Method> OPENED = ConcurrentHashMap.newKeySet();

    private final Map<Connection, Map<String, Entry>> byConnection = new ConcurrentHashMap<>();

    private static final class Entry {
        final PreparedStatement statement;
        boolean inUse;

        Entry(PreparedStatement statement) {
            this.statement = statement;
        }
    }

    /** The pooled connection, with {@code prepareStatement(String)} served from this cache; everything else passes. */
    Connection wrap(Connection pooled) throws SQLException {
        Connection physical = pooled.unwrap(Connection.class);
        Map<String, Entry> statements = byConnection.get(physical);
        if (statements == null) {
            dropClosed();
            statements = lru();
            byConnection.put(physical, statements);
        }
        Map<String, Entry> cache = statements;
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> method.getName().equals("prepareStatement") && args.length == 1
                        ? lease(cache, physical, pooled, (String) args[0])
                        : call(method, pooled, args));
    }

    /** Statements cached over all connections (for tests). */
    int size() {
        return byConnection.values().stream().mapToInt(Map::size).sum();
    }

    private static PreparedStatement lease(Map<String, Entry> cache, Connection physical, Connection pooled, String sql)
            throws SQLException {
        Entry e = cache.get(sql);
        if (e == null || e.statement.isClosed()) {
            e = new Entry(physical.prepareStatement(sql));
            cache.put(sql, e);
        } else if (e.inUse) {
            return pooled.prepareStatement(sql); // nested use of the same SQL: a one-off statement
        }
        e.inUse = true;
        Entry leased = e;
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        giveBack(leased);
                        return null;
                    }
                    if (method.getName().equals("isClosed")) {
                        return !leased.inUse;
                    }
                    return call(method, leased.statement, args);
                });
    }

    /** Back to the cache, cleared; a statement whose connection died meanwhile is closed and re-prepared next time. */
    private static void giveBack(Entry e) {
        if (e.inUse) {
            e.inUse = false;
            try {
                e.statement.clearParameters();
                e.statement.clearBatch();
            } catch (SQLException dead) {
                closeQuietly(e.statement);
            }
        }
    }

    private static Map<String, Entry> lru() {
        return new LinkedHashMap<>(32, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                if (size() > MAX_PER_CONNECTION && !eldest.getValue().inUse) {
                    closeQuietly(eldest.getValue().statement);
                    return true;
                }
                return false;
            }
        };
    }

    private void dropClosed() {
        for (Iterator<Map.Entry<Connection, Map<String, Entry>>> it = byConnection.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Connection, Map<String, Entry>> e = it.next();
            if (isClosed(e.getKey())) {
                e.getValue().values().forEach(s -> closeQuietly(s.statement));
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

    private static void closeQuietly(PreparedStatement s) {
        try {
            s.close();
        } catch (SQLException ignored) {
            // its connection is gone already
        }
    }

    /**
     * Calls through to the pooled connection or the cached statement. Each interface method is made accessible once:
     * an unchecked {@code Method.invoke} walks the stack for its caller and re-checks access on every call (a tenth of
     * the database writer's own time, JFR), and these are public methods of public java.sql interfaces anyway.
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
