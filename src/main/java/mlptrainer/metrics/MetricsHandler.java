package mlptrainer.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Serves {@link CoordinatorMetrics#scrape} to GET and HEAD requests on the JDK's HTTP server (mount it
 * at {@code /metrics}); other methods get 405. Authentication, when wanted, is the server's filters'
 * business. Thread-safe.
 */
public final class MetricsHandler implements HttpHandler {
    private final CoordinatorMetrics metrics;

    public MetricsHandler(CoordinatorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            // scraped into memory first: the length is known, and a failing scrape cannot send half a page
            ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
            metrics.scrape(body);
            exchange.getResponseHeaders().set("Content-Type", metrics.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if ("HEAD".equals(method)) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.size());
            try (OutputStream out = exchange.getResponseBody()) {
                body.writeTo(out);
            }
        }
    }
}
