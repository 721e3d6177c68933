package mlptrainer.web;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mlptrainer.rpc.AuthToken;

/**
 * Who may read the dashboard: with no token configured, everyone (as the Thrift ports); with one, a
 * request that carries it ({@code Authorization: Bearer TOKEN}, compared in constant time by
 * {@link AuthToken#accepts}) or a session cookie the login form set. The cookie holds an expiry
 * time and an HMAC-SHA256 of it keyed by the token, never the token itself: it proves a login
 * without storing the secret in the browser, needs no state on the server, and every session ends
 * when the token changes. Immutable and thread-safe.
 */
final class Access {
    static final String COOKIE = "mlp_session";
    /** How long a login lasts, in milliseconds. */
    static final long SESSION_MS = 12 * 3600_000L;
    private static final String MAC = "HmacSHA256";
    private final AuthToken token;
    private final boolean secure;
    private final LongSupplier clock;

    /**
     * @param secure true under TLS: the cookie is then marked Secure
     * @param clock  milliseconds since the epoch
     */
    Access(AuthToken token, boolean secure, LongSupplier clock) {
        this.token = token;
        this.secure = secure;
        this.clock = clock;
    }

    boolean required() {
        return token.required();
    }

    /** @return true when the request may be served: no token needed, or a valid bearer token or session */
    boolean admits(HttpExchange ex) {
        if (!token.required()) {
            return true;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return token.accepts(auth.substring(7).strip());
        }
        String session = cookie(ex.getRequestHeaders().getFirst("Cookie"));
        return session != null && validSession(session);
    }

    /** @return whether {@code presented} is the token (constant time) */
    boolean acceptsToken(String presented) {
        return token.required() && token.accepts(presented);
    }

    /** @return the Set-Cookie value that starts a session */
    String loginCookie() {
        long expires = clock.getAsLong() + SESSION_MS;
        return COOKIE + "=" + expires + "." + mac(expires) + "; Path=/; Max-Age=" + SESSION_MS / 1000
                + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** @return the Set-Cookie value that ends a session */
    String logoutCookie() {
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    private boolean validSession(String value) {
        int dot = value.indexOf('.');
        if (dot < 1 || dot > 19) {
            return false;
        }
        long expires;
        try {
            expires = Long.parseLong(value.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = mac(expires).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) && expires > clock.getAsLong();
    }

    private String mac(long expires) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(token.presented().getBytes(StandardCharsets.UTF_8), MAC));
            byte[] sum = mac.doFinal(("mlp-dashboard-session|" + expires).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sum);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** @return the session cookie's value in a Cookie header, or null */
    static String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith(COOKIE + "=")) {
                return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }
}
