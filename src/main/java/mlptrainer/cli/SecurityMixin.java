package mlptrainer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.Security;
import mlptrainer.rpc.TlsConfig;
import picocli.CommandLine.Option;

/**
 * The security options every program shares: TLS (keystore and truststore) and the shared-secret
 * token. All off by default, so the original's programs keep working.
 */
public final class SecurityMixin {
    @Option(names = "--tls", description = "Use TLS on every link this program opens or serves.")
    boolean tls;

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "PKCS12 keystore with this program's key and certificate (servers need one; with it a "
                    + "client or coordinator also presents its certificate, for mutual TLS).")
    Path keystore;

    @Option(names = "--keystore-password", paramLabel = "PASSWORD", defaultValue = "${env:MLP_KEYSTORE_PASSWORD}",
            description = "The keystore's password (default: the environment variable MLP_KEYSTORE_PASSWORD).")
    String keystorePassword;

    @Option(names = "--truststore", paramLabel = "FILE",
            description = "Keystore of the certificates to trust (default: the JVM's).")
    Path truststore;

    @Option(names = "--truststore-password", paramLabel = "PASSWORD",
            defaultValue = "${env:MLP_TRUSTSTORE_PASSWORD}",
            description = "The truststore's password (default: the environment variable MLP_TRUSTSTORE_PASSWORD).")
    String truststorePassword;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the cluster's shared secret; every call must carry it "
                    + "(default: the environment variable MLP_TOKEN, else none).")
    Path tokenFile;

    /** @return the token from --token-file or MLP_TOKEN, or none */
    AuthToken token() {
        if (tokenFile == null) {
            return AuthToken.of(System.getenv("MLP_TOKEN"));
        }
        try {
            AuthToken t = AuthToken.of(Files.readString(tokenFile));
            if (!t.required()) {
                throw Args.usage("--token-file " + tokenFile + " is empty");
            }
            return t;
        } catch (IOException e) {
            throw Args.usage("--token-file " + tokenFile + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * @param server            true for a program that serves (it needs a keystore)
     * @param requireClientAuth as a server, demand client certificates (mutual TLS)
     * @return the TLS configuration, or null when --tls is off
     */
    TlsConfig tls(boolean server, boolean requireClientAuth) {
        if (!tls) {
            if (keystore != null || truststore != null) {
                throw Args.usage("--keystore and --truststore need --tls");
            }
            return null;
        }
        if (server && keystore == null) {
            throw Args.usage("--tls needs --keystore for a server (see README: Security)");
        }
        try {
            return TlsConfig.load(keystore, chars(keystorePassword), truststore, chars(truststorePassword),
                    requireClientAuth);
        } catch (IOException e) {
            throw Args.usage(e.getMessage());
        }
    }

    /** @return token and client-side TLS for the links this program opens */
    Security clientSecurity(TlsConfig tlsConfig) {
        return new Security(token(), tlsConfig);
    }

    private static char[] chars(String s) {
        return s == null ? new char[0] : s.toCharArray();
    }
}
