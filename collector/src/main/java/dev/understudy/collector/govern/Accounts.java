package dev.understudy.collector.govern;

import static dev.understudy.collector.store.Store.getLong;
import static dev.understudy.collector.store.Store.one;
import static dev.understudy.collector.store.Store.query;
import static dev.understudy.collector.store.Store.update;

import dev.understudy.collector.store.Store;
import java.util.List;
import java.util.Locale;

/**
 * The web console's accounts: admin, privacy officer, dataset builder. Workers have none: they reach
 * their portal through a one-time link their enrolled device asks for ({@link WebSessions#mintLink}).
 */
public final class Accounts {
    public static final String NAME = "[A-Za-z0-9][A-Za-z0-9._@-]{0,99}";
    public static final int MIN_PASSWORD = 12;

    private final Store store;

    public Accounts(Store store) {
        this.store = store;
    }

    public record Account(String name, Role role, long createdAt, Long disabledAt) {}

    /** The role an account may hold, from its wire name; IllegalArgumentException with a one-line message otherwise. */
    public static Role accountRole(String wire) {
        String w = wire == null ? "" : wire.strip().toLowerCase(Locale.ROOT);
        return switch (w) {
            case "admin" -> Role.ADMIN;
            case "officer", "privacy-officer" -> Role.OFFICER;
            case "builder", "dataset-builder" -> Role.BUILDER;
            case "worker" -> throw new IllegalArgumentException("workers have no account: they open their portal from their device (`understudy portal`)");
            default -> throw new IllegalArgumentException("--role must be admin, officer or builder, not " + wire);
        };
    }

    /** Adds an account, or with {@code replace} sets a new password and role for an existing one. */
    public void add(String name, Role role, char[] password, boolean replace) {
        if (name == null || !name.matches(NAME)) throw new IllegalArgumentException("account names are letters, digits, '.', '_', '@' and '-' (up to 100)");
        if (role != Role.ADMIN && role != Role.OFFICER && role != Role.BUILDER) throw new IllegalArgumentException("an account is admin, officer or builder");
        if (password == null || password.length < MIN_PASSWORD) throw new IllegalArgumentException("the password must have at least " + MIN_PASSWORD + " characters");
        String hash = Passwords.hash(password);
        long now = System.currentTimeMillis();
        store.tx(c -> {
            boolean exists = one(c, rs -> rs.getString(1), "SELECT name FROM accounts WHERE name = ?", name) != null;
            if (exists && !replace) throw new IllegalArgumentException("account " + name + " exists (--replace sets a new password)");
            if (exists) update(c, "UPDATE accounts SET role = ?, password_hash = ?, disabled_at = NULL WHERE name = ?", role.wire(), hash, name);
            else update(c, "INSERT INTO accounts (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)", name, role.wire(), hash, now);
            return null;
        });
    }

    public List<Account> list() {
        return store.tx(c -> query(c, rs -> new Account(rs.getString("name"), Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)),
                rs.getLong("created_at"), getLong(rs, "disabled_at")), "SELECT * FROM accounts ORDER BY name"));
    }

    public boolean disable(String name) {
        return store.tx(c -> update(c, "UPDATE accounts SET disabled_at = ? WHERE name = ?", System.currentTimeMillis(), name)) > 0;
    }

    /** The account when the password is right and it is not disabled; null otherwise (same cost either way). */
    public Account verify(String name, char[] password) {
        String[] row = name == null || !name.matches(NAME) ? null : store.tx(c -> one(c,
                rs -> new String[] {rs.getString("role"), rs.getString("password_hash"), String.valueOf(rs.getLong("created_at")),
                        rs.getString("disabled_at")},
                "SELECT * FROM accounts WHERE name = ?", name));
        boolean ok = Passwords.verify(password, row == null ? Passwords.DUMMY : row[1]);
        if (row == null || !ok || row[3] != null) return null;
        return new Account(name, Role.valueOf(row[0].toUpperCase(Locale.ROOT)), Long.parseLong(row[2]), null);
    }
}
