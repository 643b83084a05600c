package dev.understudy.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Starts a real PostgreSQL (Debian's package), uses it over JDBC and stops it. */
@Tag("e2e")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PostgresServerTest {

    @Test
    void startsUsesAndStopsARealServer() throws Exception {
        Path dir;
        int port;
        try (PostgresServer pg = PostgresServer.start()) {
            dir = pg.directory();
            port = pg.port();
            assertTrue(pg.jdbcUrl().startsWith("jdbc:postgresql://127.0.0.1:" + port + "/understudy?user=understudy&password="), pg.jdbcUrl());
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE blob (id text PRIMARY KEY, size bigint NOT NULL, body bytea)");
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO blob VALUES (?, ?, ?)")) {
                    for (int i = 0; i < 3; i++) {
                        ins.setString(1, "chunk-" + i);
                        ins.setLong(2, 100L * i);
                        ins.setBytes(3, new byte[] {(byte) i, 42});
                        ins.addBatch();
                    }
                    ins.executeBatch();
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*), sum(size), max(id) FROM blob")) {
                    assertTrue(rs.next());
                    assertEquals(3, rs.getLong(1));
                    assertEquals(300, rs.getLong(2));
                    assertEquals("chunk-2", rs.getString(3));
                }
                try (ResultSet rs = st.executeQuery("SELECT body FROM blob WHERE id = 'chunk-1'")) {
                    assertTrue(rs.next());
                    assertEquals(42, rs.getBytes(1)[1]);
                }
                // the application's role owns its database but is no superuser
                try (ResultSet rs = st.executeQuery("SELECT current_user, rolsuper, version() FROM pg_roles WHERE rolname = current_user")) {
                    assertTrue(rs.next());
                    assertEquals("understudy", rs.getString(1));
                    assertFalse(rs.getBoolean(2));
                    assertTrue(rs.getString(3).startsWith("PostgreSQL "), rs.getString(3));
                }
            }
            // TCP needs the password
            assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    pg.jdbcUrlWithoutCredentials() + "?user=understudy&password=wrong").close());
            // the superuser's psql over the socket sees the application's table
            assertEquals("3", pg.psqlAsSuperuser("understudy", "SELECT count(*) FROM blob").strip());
            if (PostgresServer.isRoot()) {
                assertEquals("postgres", Files.getOwner(dir.resolve("data")).getName(), "as root the server runs as postgres");
            }
        }
        assertFalse(Files.exists(dir), "close() deletes the cluster");
        assertFalse(listening(port), "close() stops the server");
    }

    @Test
    void twoServersRunSideBySide() throws Exception {
        try (PostgresServer a = PostgresServer.start(); PostgresServer b = PostgresServer.start()) {
            assertFalse(a.port() == b.port());
            try (Connection ca = DriverManager.getConnection(a.jdbcUrl()); Connection cb = DriverManager.getConnection(b.jdbcUrl())) {
                ca.createStatement().execute("CREATE TABLE only_in_a (x int)");
                try (ResultSet rs = cb.createStatement().executeQuery("SELECT to_regclass('only_in_a') IS NULL")) {
                    assertTrue(rs.next());
                    assertTrue(rs.getBoolean(1));
                }
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
