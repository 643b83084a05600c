package dev.understudy.collector.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;

/**
 * The collector's metadata over JDBC: SQLite (one connection: writes are serialized, WAL so an
 * admin process reads meanwhile) or PostgreSQL (a small pool). The schema is made and upgraded by
 * Flyway from {@code db/migration} (portable SQL, the same files on both).
 */
public final class Store implements AutoCloseable {
    static {
        // Flyway and Jetty log through slf4j-simple: warnings and errors only, on stderr (stdout is the commands')
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (System.getProperty("org.slf4j.simpleLogger.logFile") == null) System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }

    private final String url;
    private final boolean sqlite;
    private final BlockingQueue<Connection> pool;
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;

    private Store(String url, boolean sqlite, int size) throws SQLException {
        this.url = url;
        this.sqlite = sqlite;
        this.pool = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            Connection c = connect();
            all.add(c);
            pool.add(c);
        }
    }

    /** Opens the store, making or upgrading its schema first. */
    public static Store open(String jdbcUrl) {
        boolean sqlite = jdbcUrl.startsWith("jdbc:sqlite:");
        if (!sqlite && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("database " + jdbcUrl + " is neither jdbc:sqlite: nor jdbc:postgresql:");
        }
        try {
            Store s = new Store(jdbcUrl, sqlite, sqlite ? 1 : 8);
            try {
                s.migrate();
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
            return s;
        } catch (SQLException e) {
            throw new StoreException("cannot open the database " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
    }

    /** The URL with any password parameter hidden. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public boolean sqlite() {
        return sqlite;
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        if (sqlite) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 15000");
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = FULL");
            }
        }
        return c;
    }

    private void migrate() {
        Connection c = take();
        try {
            // Flyway's own connection to SQLite would wait on ours: give it a data source over the same URL
            // only while ours is idle (it is: we hold it here, no statement open).
            Flyway.configure(Store.class.getClassLoader())
                    .dataSource(url, null, null)
                    .locations("classpath:dev/understudy/collector/db/migration")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new StoreException("cannot prepare the database " + redact(url) + ": " + oneLine(e), e);
        } finally {
            pool.add(c);
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private Connection take() {
        if (closed) throw new StoreException("the database is closed", null);
        try {
            Connection c = pool.poll(60, TimeUnit.SECONDS);
            if (c == null) throw new StoreException("the database is busy", null);
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e);
        }
    }

    /** A unit of work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code w} in one transaction (committed when it returns, rolled back when it throws). */
    public <T> T tx(Work<T> w) {
        Connection c = take();
        boolean broken = false;
        try {
            c.setAutoCommit(false);
            try {
                T t = w.run(c);
                c.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException e2) {
                    broken = true;
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException e) {
                    broken = true;
                }
            }
        } catch (SQLException e) {
            throw new StoreException("database error: " + oneLine(e), e);
        } finally {
            giveBack(c, broken);
        }
    }

    private void giveBack(Connection c, boolean broken) {
        if (broken || !valid(c)) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // replaced below
            }
            try {
                Connection n = connect();
                synchronized (all) {
                    all.remove(c);
                    all.add(n);
                }
                pool.add(n);
            } catch (SQLException e) {
                pool.add(c); // try again next time
            }
        } else {
            pool.add(c);
        }
    }

    private boolean valid(Connection c) {
        try {
            return !c.isClosed() && (sqlite || c.isValid(2));
        } catch (SQLException e) {
            return false;
        }
    }

    /** Whether {@code e} is a unique or primary key violation (another writer was first). */
    public static boolean isDuplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if ("23505".equals(state)) return true; // PostgreSQL unique_violation
                String m = String.valueOf(s.getMessage());
                if (m.contains("UNIQUE constraint failed") || m.contains("PRIMARY KEY") || m.contains("SQLITE_CONSTRAINT_PRIMARYKEY")
                        || m.contains("SQLITE_CONSTRAINT_UNIQUE")) return true;
            }
        }
        return false;
    }

    // ----------------------------------------------------------------- helpers

    public static PreparedStatement prep(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) ps.setNull(i + 1, Types.VARCHAR);
            else if (a instanceof Long l) ps.setLong(i + 1, l);
            else if (a instanceof Integer n) ps.setInt(i + 1, n);
            else ps.setString(i + 1, a.toString());
        }
        return ps;
    }

    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prep(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public static <T> List<T> query(Connection c, RowMapper<T> m, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prep(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) out.add(m.map(rs));
            return out;
        }
    }

    public static <T> T one(Connection c, RowMapper<T> m, String sql, Object... args) throws SQLException {
        List<T> l = query(c, m, sql, args);
        return l.isEmpty() ? null : l.get(0);
    }

    public static Long getLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    public static Integer getInt(ResultSet rs, String col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    /** The sizes of those of {@code ids} that have a row in chunks for {@code person}. */
    public static java.util.Map<String, Long> chunkSizes(Connection c, String person, java.util.Collection<String> idsIn) throws SQLException {
        List<String> ids = new ArrayList<>(new java.util.LinkedHashSet<>(idsIn));
        java.util.Map<String, Long> present = new java.util.HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + 500));
            StringBuilder sql = new StringBuilder("SELECT id, size FROM chunks WHERE person = ? AND id IN (");
            for (int i = 0; i < part.size(); i++) sql.append(i == 0 ? "?" : ",?");
            sql.append(')');
            Object[] args = new Object[part.size() + 1];
            args[0] = person;
            for (int i = 0; i < part.size(); i++) args[i + 1] = part.get(i);
            for (Object[] r : query(c, rs -> new Object[] {rs.getString(1), rs.getLong(2)}, sql.toString(), args)) present.put((String) r[0], (Long) r[1]);
        }
        return present;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (all) {
            for (Connection c : all) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
