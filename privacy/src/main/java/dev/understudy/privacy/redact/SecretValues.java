package dev.understudy.privacy.redact;

import java.util.Locale;
import java.util.Set;

/**
 * What the secret rules of {@link SecretDetector} share about values: where a credential value
 * ends, and which values are placeholders ({@code ${VAR}}, {@code <token>}, {@code ****},
 * {@code os.environ[...]}, a function call), not secrets.
 */
final class SecretValues {

    private SecretValues() {}

    /** The first index from {@code i} whose character is not one of {@code chars}. */
    static int skip(String s, int i, String chars) {
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** A credential value: runs until whitespace, a quote or a delimiter of the surrounding syntax. */
    static int tokenEnd(String s, int j) {
        int n = s.length();
        int e = j;
        while (e < n) {
            char c = s.charAt(e);
            if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '`' || c == ',' || c == ';' || c == '&'
                    || c == ')' || c == ']' || c == '}' || c == '<' || c == '>') {
                break;
            }
            e++;
        }
        while (e > j && (s.charAt(e - 1) == '.' || s.charAt(e - 1) == ':' || s.charAt(e - 1) == '!'
                || s.charAt(e - 1) == '?') && e - 1 > j) {
            // sentence punctuation after a value; keep '=' (base64 padding)
            if (e - j > 1 && s.charAt(e - 1) == '.' && e < n && !Character.isWhitespace(s.charAt(e))) {
                break;
            }
            e--;
        }
        return e;
    }

    private static final Set<String> PLACEHOLDERS = CharClasses.set("null", "none", "nil", "true", "false", "undefined",
            "redacted", "[redacted]", "<redacted>", "hidden", "masked", "required", "optional", "string", "str",
            "yes", "no", "empty", "your_password", "your-password", "yourpassword", "password", "secret", "token",
            "xxx", "xxxx", "changeit", "example", "placeholder", "env", "os.environ", "process.env", "getenv",
            "[password]", "[secret]", "[token]", "[api_key]", "[secret_key]");

    private static final java.util.regex.Pattern CALL = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*\\(");

    static boolean placeholder(String v) {
        return placeholder(v, false);
    }

    /** {@code quoted}: the value stood between quotes, where a '(' is part of it, not a call. */
    static boolean placeholder(String v, boolean quoted) {
        if (v.isEmpty()) {
            return true;
        }
        String low = v.toLowerCase(Locale.ROOT);
        if (PLACEHOLDERS.contains(low)) {
            return true;
        }
        char c0 = v.charAt(0);
        if (c0 == '$' || c0 == '<' || c0 == '{' || c0 == '%' || c0 == '[' || c0 == '(' || c0 == '@') {
            return true; // ${VAR}, <token>, {{secret}}, %s, [SECRET], os.getenv(...)
        }
        boolean allMask = true;
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (c != '*' && c != 'x' && c != 'X' && c != '•' && c != '.' && c != '#') {
                allMask = false;
                break;
            }
        }
        if (allMask) {
            return true;
        }
        if (v.indexOf('(') >= 0 && (!quoted || CALL.matcher(v).lookingAt()) || low.startsWith("http://") || low.startsWith("https://")) {
            return true; // a call (getpass(), input(...)) or a link, not a literal secret
        }
        return low.startsWith("os.") || low.startsWith("process.env") || low.startsWith("env.")
                || low.startsWith("secrets.") || low.startsWith("vault:") || low.contains("getenv")
                || low.startsWith("self.") || low.startsWith("this.") || low.startsWith("config.")
                || low.startsWith("settings.") || low.startsWith("request.") || low.startsWith("req.")
                || low.startsWith("args.") || low.startsWith("options.") || low.startsWith("params.");
    }
}
