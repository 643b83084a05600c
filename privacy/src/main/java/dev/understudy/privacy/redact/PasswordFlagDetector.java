package dev.understudy.privacy.redact;

import java.util.List;

/**
 * Passwords given on a command line right after {@code -p}: {@code mysql -u root -p'secret'},
 * {@code -pS3cret}, {@code sshpass -p secret} (only after a database client, {@code sshpass},
 * {@code -u} or {@code --user}; quoted values without their quotes; not a value starting with a digit, like
 * a port, nor a placeholder); and the {@code user:pass} pair after {@code curl -u} / {@code --user}.
 * Part of {@link SecretDetector}.
 */
final class PasswordFlagDetector implements Detector {

    @Override
    public EntityKind kind() {
        return EntityKind.SECRET;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        passwordFlags(scan.text(), out);
        if (scan.hasColon()) {
            userFlags(scan.text(), out);
        }
    }

    /** {@code curl -u user:pass}, {@code --user user:pass}, {@code wget --http-password}: the credential pair. */
    private static final java.util.regex.Pattern USER_PASS = java.util.regex.Pattern.compile(
            "(?<![\\w-])(?:-u|--user|--proxy-user|-U)[ =]+(['\"]?)([^\\s'\":]{1,64}:[^\\s'\"]{1,200})\\1(?=\\s|$)");

    private static void userFlags(String s, List<Candidate> out) {
        java.util.regex.Matcher m = USER_PASS.matcher(s);
        while (m.find()) {
            String pair = m.group(2);
            String pass = pair.substring(pair.indexOf(':') + 1);
            if (pass.isEmpty() || SecretValues.placeholder(pass)) {
                continue;
            }
            out.add(new Candidate(EntityKind.SECRET, m.start(2), m.end(2), Candidate.P_CONTEXT_SECRET));
        }
    }

    /** {@code mysql -u root -p'secret'}, {@code -pS3cret}, {@code sshpass -p secret}: a password right after -p. */
    private static void passwordFlags(String s, List<Candidate> out) {
        int from = 0;
        while (true) {
            int i = s.indexOf("-p", from);
            if (i < 0) {
                return;
            }
            from = i + 2;
            if (i > 0 && s.charAt(i - 1) != ' ') {
                continue;
            }
            String before = CharClasses.before(s, i, 80);
            if (!(before.contains("mysql") || before.contains("mariadb") || before.contains("sshpass")
                    || before.contains("mysqldump") || before.contains("mongo") || before.contains("-u ")
                    || before.contains("--user"))) {
                continue;
            }
            int v = i + 2;
            if (v < s.length() && s.charAt(v) == ' ' && before.contains("sshpass")) {
                v++;
            }
            if (v >= s.length() || Character.isWhitespace(s.charAt(v))) {
                continue;
            }
            int ve;
            char q = s.charAt(v);
            if (q == '\'' || q == '"') {
                int close = s.indexOf(q, v + 1);
                if (close < 0) {
                    continue;
                }
                v++;
                ve = close;
            } else {
                ve = v;
                while (ve < s.length() && !Character.isWhitespace(s.charAt(ve))) {
                    ve++;
                }
            }
            if (ve > v && !SecretValues.placeholder(s.substring(v, ve)) && !CharClasses.isAsciiDigit(s.charAt(v))) {
                out.add(new Candidate(EntityKind.SECRET, v, ve, Candidate.P_CONTEXT_SECRET));
            }
        }
    }
}
