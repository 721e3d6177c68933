package mlptrainer;

/**
 * How log lines and error messages show strings a peer chose (file names, paths, labels): at most
 * {@link #MAX_SHOWN} characters, then "... (N chars)" with the full length, and control characters
 * (line breaks included) as '?', so one request can neither make a line of megabytes nor forge a
 * second log line. Only for display: the string itself is used unchanged. Stateless and thread-safe.
 */
public final class Untrusted {
    /** The most characters of an untrusted string a message shows. */
    public static final int MAX_SHOWN = 200;

    private Untrusted() {
    }

    /** @return {@code s} as a message may show it; "null" for null */
    public static String shown(String s) {
        if (s == null) {
            return "null";
        }
        int keep = Math.min(s.length(), MAX_SHOWN);
        StringBuilder out = new StringBuilder(keep + 24);
        for (int i = 0; i < keep; i++) {
            char c = s.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (s.length() > MAX_SHOWN) {
            out.append("... (").append(s.length()).append(" chars)");
        }
        return out.toString();
    }
}
