package mlptrainer.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mlptrainer.coordinator.CoordinatorView;

/**
 * The dashboard's pages and their assets: a fixed list of resources under {@code /web/} in the
 * jar, read once; each page is its content put into the one layout (header, menu, scripts). A request names a page or an asset of that list, never a file, so no path can
 * reach anything else. Thread-safe: the resources are read-only after construction.
 */
final class Pages {
    private static final Map<String, String> ASSETS = Map.of(
            "dashboard.css", "text/css; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "cluster.js", "text/javascript; charset=utf-8",
            "jobs.js", "text/javascript; charset=utf-8",
            "job.js", "text/javascript; charset=utf-8",
            "login.js", "text/javascript; charset=utf-8");
    /** Each page: its content resource, title, highlighted menu entry and scripts, put into layout.html. */
    private record Page(String name, String title, String menu, String... scripts) {
    }

    private static final Page[] PAGES = {
        new Page("cluster.html", "Cluster", "cluster", "dashboard.js", "cluster.js"),
        new Page("jobs.html", "Jobs", "jobs", "dashboard.js", "jobs.js"),
        new Page("job.html", "Job", "jobs", "dashboard.js", "job.js"),
        new Page("login.html", "Log in", "", "login.js"),
        new Page("404.html", "Not found", "")};
    private static final Pattern JOB_PAGE = Pattern.compile("/jobs/([0-9]{1,10})");
    private static final String HTML = "text/html; charset=utf-8";
    private final Map<String, byte[]> resources = new HashMap<>();
    private final CoordinatorView view;

    Pages(CoordinatorView view) {
        this.view = view;
        ASSETS.keySet().forEach(name -> resources.put(name, read(name)));
        String layout = new String(read("layout.html"), StandardCharsets.UTF_8);
        for (Page page : PAGES) {
            resources.put(page.name(), assemble(layout, page));
        }
    }

    private static byte[] assemble(String layout, Page page) {
        StringBuilder scripts = new StringBuilder();
        for (String script : page.scripts()) {
            scripts.append("<script src=\"/static/").append(script).append("\"></script>\n");
        }
        String html = layout.replace("{{title}}", page.title())
                .replace("{{active:cluster}}", page.menu().equals("cluster") ? " class=\"active\"" : "")
                .replace("{{active:jobs}}", page.menu().equals("jobs") ? " class=\"active\"" : "")
                .replace("{{content}}", new String(read(page.name()), StandardCharsets.UTF_8))
                .replace("{{scripts}}", scripts.toString().strip());
        return html.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(String name) {
        try (InputStream in = Pages.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the dashboard's resource web/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code /}, {@code /cluster}, {@code /jobs}, {@code /jobs/ID}; anything else is a 404 page. */
    void page(HttpExchange ex) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) {
            Exchanges.error(ex, 405, "only GET is served here");
            return;
        }
        String path = ex.getRequestURI().getPath();
        Matcher job = JOB_PAGE.matcher(path);
        if (path.equals("/") || path.equals("/cluster")) {
            send(ex, 200, "cluster.html");
        } else if (path.equals("/jobs") || path.equals("/jobs/")) {
            send(ex, 200, "jobs.html");
        } else if (job.matches() && view.job(job.group(1)) != null) {
            send(ex, 200, "job.html");
        } else {
            send(ex, 404, "404.html");
        }
    }

    /** {@code /static/NAME}: one of the fixed assets, else 404. */
    void asset(HttpExchange ex) throws IOException {
        String name = ex.getRequestURI().getPath().substring("/static/".length());
        String type = ASSETS.get(name);
        if (type == null) {
            Exchanges.error(ex, 404, "no such file");
            return;
        }
        Exchanges.send(ex, 200, type, resources.get(name));
    }

    /** Sends one of the pages read at construction. */
    void send(HttpExchange ex, int status, String page) throws IOException {
        ex.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        Exchanges.send(ex, status, HTML, resources.get(page));
    }
}
