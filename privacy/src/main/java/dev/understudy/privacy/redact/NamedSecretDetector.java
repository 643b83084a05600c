package dev.understudy.privacy.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Values of keys named like secrets, in any syntax that pairs a name with a value: {@code key=value}
 * (shell, .env, INI, query strings), {@code key: value} (YAML, headers), {@code "api_key": "..."}
 * (JSON), {@code --token X} (flags), and prose ("my password is ..."). A name is strong
 * ({@code password}, {@code DB_PASSWORD}, {@code client_secret}, "api key"), when any value that is
 * not a placeholder counts (after ':' or in prose, not a plain lower-case word), or weak ({@code key},
 * {@code sig}, {@code otp}), when the value must look random. Part of {@link SecretDetector}.
 */
final class NamedSecretDetector implements Detector {

    private static final Set<String> STRONG_LAST = CharClasses.set("password", "passwd", "pwd", "pass", "passphrase",
            "passcode", "secret", "token", "apikey", "credentials", "credential", "pw", "psw", "pswd", "passwort",
            "contraseña", "mdp", "senha", "secretkey", "accesskey", "privatekey", "sessionid", "jsessionid",
            "phpsessid", "sessiontoken", "clientsecret", "authtoken", "accesstoken", "refreshtoken", "bearertoken");
    private static final Set<String> STRONG_TWO = CharClasses.set("api key", "access key", "secret key", "private key",
            "auth key", "signing key", "master key", "encryption key", "client secret", "session id", "account key",
            "app key", "app secret", "consumer secret", "consumer key", "shared key", "sas key", "license key",
            "webhook secret", "access token", "auth token", "refresh token", "id token", "session token",
            "api token", "bot token", "private token", "deploy token", "recovery code", "backup code",
            "secret access", "connection string");
    private static final Set<String> WEAK_LAST = CharClasses.set("auth", "key", "sig", "signature", "sid", "session",
            "pin", "otp", "code", "hash", "salt", "nonce", "keys");

    @Override
    public EntityKind kind() {
        return EntityKind.SECRET;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        if (scan.hasColon() || scan.hasEquals() || scan.text().indexOf(' ') >= 0) {
            keyValues(scan.text(), out);
        }
    }

    /** 0 = not a secret name, 1 = weak (value must look random), 2 = strong. */
    static int secretName(String raw) {
        String name = raw;
        while (!name.isEmpty() && "-$@".indexOf(name.charAt(0)) >= 0) {
            name = name.substring(1);
        }
        if (name.isEmpty() || name.length() > 60) {
            return 0;
        }
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            boolean boundary = c == '_' || c == '-' || c == '.' || c == ' ';
            if (boundary) {
                if (cur.length() > 0) {
                    parts.add(cur.toString());
                    cur.setLength(0);
                }
                continue;
            }
            if (Character.isUpperCase(c) && k > 0 && Character.isLowerCase(name.charAt(k - 1)) && cur.length() > 0) {
                parts.add(cur.toString());
                cur.setLength(0);
            }
            cur.append(Character.toLowerCase(c));
        }
        if (cur.length() > 0) {
            parts.add(cur.toString());
        }
        if (parts.isEmpty()) {
            return 0;
        }
        String last = parts.get(parts.size() - 1);
        String joined = String.join("", parts);
        if (STRONG_LAST.contains(last)) {
            return 2;
        }
        if (parts.size() >= 2 && STRONG_TWO.contains(parts.get(parts.size() - 2) + " " + last)) {
            return 2;
        }
        for (String suffix : new String[] {"password", "passwd", "secret", "apikey", "accesskey", "secretkey",
            "privatekey", "authtoken", "accesstoken"}) {
            if (joined.endsWith(suffix)) {
                return 2;
            }
        }
        if (WEAK_LAST.contains(last)) {
            return 1;
        }
        return 0;
    }

    private static boolean keyChar(char c) {
        return CharClasses.isAsciiAlnum(c) || c == '_' || c == '-' || c == '.' || c > 127 && Character.isLetter(c);
    }

    private static void keyValues(String s, List<Candidate> out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!keyChar(s.charAt(i)) || (i > 0 && keyChar(s.charAt(i - 1)))) {
                i++;
                continue;
            }
            int ks = i;
            int ke = i;
            while (ke < n && keyChar(s.charAt(ke))) {
                ke++;
            }
            // two-word names in prose: "api key", "access token"
            int nameEnd = ke;
            String name = s.substring(ks, ke);
            int strength = secretName(name);
            if (ke + 1 < n && s.charAt(ke) == ' ' && CharClasses.isAsciiLetter(s.charAt(ke + 1))) {
                int we = ke + 1;
                while (we < n && keyChar(s.charAt(we))) {
                    we++;
                }
                String two = name + " " + s.substring(ke + 1, we);
                int st2 = secretName(two);
                if (st2 == 2 && STRONG_TWO.contains(two.toLowerCase(Locale.ROOT))) {
                    strength = 2;
                    nameEnd = we;
                }
            }
            i = ke;
            if (strength == 0) {
                continue;
            }
            int v = valueStart(s, nameEnd, ks);
            if (v < 0) {
                continue;
            }
            int sepKind = v >>> 24;
            v &= 0xFFFFFF;
            if (v >= n) {
                continue;
            }
            int ve;
            char q = s.charAt(v);
            boolean quoted = q == '"' || q == '\'' || q == '`';
            if (quoted) {
                int close = s.indexOf(q, v + 1);
                if (close < 0 || close - v > 300) {
                    continue;
                }
                v = v + 1;
                ve = close;
            } else {
                ve = SecretValues.tokenEnd(s, v);
            }
            if (ve <= v) {
                continue;
            }
            String value = s.substring(v, ve);
            if (SecretValues.placeholder(value, quoted) || secretName(value) == 2) {
                continue;
            }
            boolean ok;
            if (strength == 1) {
                ok = value.length() >= 8 && (Entropy.looksRandom(s, v, ve) || tokenish(value));
            } else if (sepKind == SEP_EQ || quoted) {
                ok = true;
            } else {
                // ':' or prose ("password is ...", "--password X"): the value must not be a plain word
                ok = !plainWord(value);
            }
            if (ok) {
                out.add(new Candidate(EntityKind.SECRET, v, ve, Candidate.P_CONTEXT_SECRET));
                i = Math.max(i, ve);
            }
        }
    }

    private static final Set<String> PROSE_NAMES = CharClasses.set("password", "passwort", "passwd", "pwd", "pw",
            "passphrase", "passcode", "pin", "contraseña", "senha", "mdp");
    private static final int SEP_EQ = 1;
    private static final int SEP_COLON = 2;
    private static final int SEP_PROSE = 3;

    /** Where the value after a key starts (low 24 bits) and how it was separated (high bits), or -1. */
    private static int valueStart(String s, int ke, int ks) {
        int n = s.length();
        int j = ke;
        if (j < n && (s.charAt(j) == '"' || s.charAt(j) == '\'')) {
            j++; // closing quote of a JSON/YAML key
        }
        j = SecretValues.skip(s, j, " \t");
        if (j >= n) {
            return -1;
        }
        char c = s.charAt(j);
        int kind;
        if (c == '=' || (c == ':' && j + 1 < n && s.charAt(j + 1) == '=')) {
            j += c == ':' ? 2 : 1;
            if (j < n && s.charAt(j) == '>') {
                j++;
            }
            kind = SEP_EQ;
        } else if (c == ':') {
            j++;
            kind = SEP_COLON;
        } else if (s.startsWith("is ", j) || s.startsWith("was ", j) || s.startsWith("is: ", j)) {
            j = s.indexOf(' ', j) + 1;
            kind = SEP_PROSE;
        } else if (j > ke && (s.charAt(ks) == '-' || PROSE_NAMES.contains(s.substring(ks, ke).toLowerCase(Locale.ROOT)))) {
            kind = SEP_PROSE; // "--password hunter2", "password Falcon1987!"
        } else {
            return -1;
        }
        j = SecretValues.skip(s, j, " \t");
        if (j >= n || s.charAt(j) == '\n') {
            return -1;
        }
        return (kind << 24) | j;
    }

    private static boolean tokenish(String v) {
        boolean d = false;
        boolean l = false;
        for (int k = 0; k < v.length(); k++) {
            d |= CharClasses.isAsciiDigit(v.charAt(k));
            l |= CharClasses.isAsciiLetter(v.charAt(k));
        }
        return d && l && v.indexOf(' ') < 0;
    }

    /** A lower-case dictionary-looking word (or a number) is not a password in prose. */
    private static boolean plainWord(String v) {
        if (v.length() < 4) {
            return true;
        }
        boolean allLowerLetters = true;
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (!(Character.isLowerCase(c) || (k == 0 && Character.isUpperCase(c)))) {
                allLowerLetters = false;
            }
        }
        return allLowerLetters;
    }
}
