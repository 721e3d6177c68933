package mlptrainer.prepare;

import java.math.BigDecimal;

/**
 * The numbers a CSV may hold and the text {@code prepare} writes for them. Accepted: an optional sign,
 * decimal digits with an optional point, an optional exponent ({@code 12}, {@code -0.5}, {@code .5},
 * {@code 3.}, {@code 1e-3}); not {@code NaN}, {@code Infinity}, hexadecimal or type suffixes, which
 * {@link Double#parseDouble} would take. Written: a value that is an integer below 10^15 in magnitude
 * as that integer ({@code 007}, {@code 5.0}, {@code 5e0} all become {@code 5}; {@code -0} becomes
 * {@code 0}), any other value as the digits of {@link Double#toString} (which read back to the same
 * double) in plain notation, never with an exponent ({@code 1e-7} becomes {@code 0.0000001}).
 * Stateless and thread-safe.
 */
public final class NumberText {
    /** Integers with at most this many digits are read without {@link Double#parseDouble}. */
    private static final int FAST_DIGITS = 15;
    /** Integral values below this magnitude are written as integers (every such double is exact). */
    private static final double INTEGER_LIMIT = 1e15;

    private NumberText() {
    }

    /** @return the text written for {@code s} (already trimmed), or null when it is not a finite number */
    public static String canonical(String s) {
        String fast = plainInteger(s);
        if (fast == null) {
            fast = shortDecimal(s);
        }
        if (fast != null) {
            return fast;
        }
        if (!isDecimal(s)) {
            return null;
        }
        double x = Double.parseDouble(s);
        return Double.isFinite(x) ? format(x) : null;
    }

    /** @return the text written for a finite {@code x} (see the class comment) */
    public static String format(double x) {
        if (x == Math.rint(x) && Math.abs(x) < INTEGER_LIMIT) {
            return Long.toString((long) x);
        }
        return new BigDecimal(Double.toString(x)).stripTrailingZeros().toPlainString();
    }

    /** @return whether canonical text is an integer the original's programs read (a 32-bit int) */
    public static boolean isInt(String canonical) {
        if (canonical.indexOf('.') >= 0 || canonical.length() > 11) {
            return false;
        }
        long v = Long.parseLong(canonical);
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
    }

    /** An optional sign and 1..15 digits, as canonical integer text; null for anything else. */
    private static String plainInteger(String s) {
        int n = s.length();
        int i = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (n == i || n - i > FAST_DIGITS) {
            return null;
        }
        long v = 0;
        for (int j = i; j < n; j++) {
            char c = s.charAt(j);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return Long.toString(s.charAt(0) == '-' ? -v : v);
    }

    /**
     * A decimal without exponent and with at most {@link #FAST_DIGITS} significant digits, normalised
     * textually (what {@link #format} gives for its value, without parsing it); null for anything else.
     */
    private static String shortDecimal(String s) {
        int n = s.length();
        boolean negative = n > 0 && s.charAt(0) == '-';
        int i = n > 0 && (negative || s.charAt(0) == '+') ? 1 : 0;
        int point = s.indexOf('.', i);
        if (point < 0 || !allDigits(s, i, point) || !allDigits(s, point + 1, n) || point - i + n - point - 1 == 0) {
            return null;
        }
        int intStart = i;
        while (intStart < point && s.charAt(intStart) == '0') {
            intStart++;
        }
        int fracEnd = n;
        while (fracEnd > point + 1 && s.charAt(fracEnd - 1) == '0') {
            fracEnd--;
        }
        String digits = s.substring(intStart, point) + s.substring(point + 1, fracEnd);
        int first = 0;
        while (first < digits.length() && digits.charAt(first) == '0') {
            first++;
        }
        if (digits.length() - first > FAST_DIGITS) {
            return null;
        }
        if (first == digits.length()) {
            return "0";
        }
        StringBuilder out = new StringBuilder(n);
        out.append(negative ? "-" : "").append(intStart == point ? "0" : s.substring(intStart, point));
        return (fracEnd > point + 1 ? out.append(s, point, fracEnd) : out).toString();
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Sign, digits with at most one point (at least one digit), then an optional exponent with digits. */
    static boolean isDecimal(String s) {
        int n = s.length();
        int i = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        int digits = 0;
        boolean point = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i == n) {
            return true;
        }
        if (s.charAt(i) != 'e' && s.charAt(i) != 'E') {
            return false;
        }
        i++;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        if (i == n) {
            return false;
        }
        for (; i < n; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
