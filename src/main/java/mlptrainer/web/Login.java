package mlptrainer.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import mlptrainer.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /login} and {@code /logout}: a form that takes the cluster's token and, when it is right,
 * sets the session cookie ({@link Access}) and returns to the page asked for. Only paths of this
 * server are returned to, so a link cannot send a user elsewhere after login. Thread-safe.
 */
final class Login {
    private static final Logger LOG = LoggerFactory.getLogger(Login.class);
    private static final Pattern LOCAL_PATH = Pattern.compile("/([A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*)?");
    private final Access access;
    private final Pages pages;
    private final LogLimiter refusals = new LogLimiter(60_000, 1024);

    Login(Access access, Pages pages) {
        this.access = access;
        this.pages = pages;
    }

    void handle(HttpExchange ex) throws IOException, Exchanges.BadRequestException {
        if (!access.required()) {
            Exchanges.redirect(ex, "/");
        } else if ("GET".equals(ex.getRequestMethod())) {
            pages.send(ex, 200, "login.html");
        } else if ("POST".equals(ex.getRequestMethod())) {
            submit(ex);
        } else {
            Exchanges.error(ex, 405, "GET the form or POST the token");
        }
    }

    private void submit(HttpExchange ex) throws IOException, Exchanges.BadRequestException {
        Map<String, String> form = Exchanges.form(Exchanges.body(ex));
        String next = localPath(form.get("next"));
        if (access.acceptsToken(form.getOrDefault("token", ""))) {
            ex.getResponseHeaders().add("Set-Cookie", access.loginCookie());
            Exchanges.redirect(ex, next);
            return;
        }
        String peer = ex.getRemoteAddress().getAddress().getHostAddress();
        long skipped = refusals.admit(peer);
        if (skipped >= 0) {
            LOG.warn("dashboard: login refused from {}: wrong token{}", peer, LogLimiter.suppressed(skipped));
        }
        Exchanges.redirect(ex, "/login?failed=1&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    }

    void logout(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().add("Set-Cookie", access.logoutCookie());
        Exchanges.redirect(ex, access.required() ? "/login" : "/");
    }

    /** @return the path when it is one of this server's, else "/" */
    static String localPath(String next) {
        return next != null && LOCAL_PATH.matcher(next).matches() ? next : "/";
    }
}
