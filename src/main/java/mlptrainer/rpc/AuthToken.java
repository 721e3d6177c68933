package mlptrainer.rpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared secret every call must carry when security is on. Compared in constant time, so the
 * time a refusal takes tells nothing about how much of a guess was right. Immutable.
 */
public final class AuthToken {
    /** No token configured: every call is accepted, as the original's programs expect. */
    public static final AuthToken NONE = new AuthToken(null);
    private final byte[] secret;

    private AuthToken(byte[] secret) {
        this.secret = secret;
    }

    /** @param secret the shared secret; blank means none */
    public static AuthToken of(String secret) {
        return secret == null || secret.isBlank() ? NONE
                : new AuthToken(secret.strip().getBytes(StandardCharsets.UTF_8));
    }

    public boolean required() {
        return secret != null;
    }

    /** @return the secret to send, or "" when none is configured */
    public String presented() {
        return secret == null ? "" : new String(secret, StandardCharsets.UTF_8);
    }

    /** @return true when no token is required or {@code presented} equals it */
    public boolean accepts(String presented) {
        if (secret == null) {
            return true;
        }
        byte[] given = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(secret, given);
    }
}
