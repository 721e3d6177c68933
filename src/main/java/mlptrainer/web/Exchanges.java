package mlptrainer.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writing responses and reading requests of the dashboard's HTTP server: JSON bodies, JSON errors,
 * redirects, and bounded reads of query strings and form bodies. Stateless and thread-safe.
 */
final class Exchanges {
    /** Shared by the dashboard: an ObjectMapper is thread-safe once configured. */
    static final ObjectMapper JSON = new ObjectMapper();
    /** The largest request body read (the login form): a client cannot make the server hold more. */
    static final int MAX_BODY_BYTES = 4096;
    /** The longest query string parsed; longer ones are refused. */
    static final int MAX_QUERY_CHARS = 1024;

    private Exchanges() {
    }

    /** Sends a JSON body with this status. */
    static void json(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
        send(ex, status, "application/json; charset=utf-8", bytes);
    }

    /** Sends {@code {"error": message}} with this status. */
    static void error(HttpExchange ex, int status, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("error", message).put("status", status);
        json(ex, status, body);
    }

    /** Sends a body of this type; nothing is cached by the browser or a proxy (the data are live). */
    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Sends a 303 to a path of this server. */
    static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(303, -1);
        ex.close();
    }

    /**
     * @return the query's parameters, decoded (the last of a repeated name wins)
     * @throws BadRequestException when the query is longer than {@link #MAX_QUERY_CHARS}
     */
    static Map<String, String> query(HttpExchange ex) throws BadRequestException {
        return form(ex.getRequestURI().getRawQuery());
    }

    /** @return the parameters of an application/x-www-form-urlencoded text */
    static Map<String, String> form(String raw) throws BadRequestException {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        if (raw.length() > MAX_QUERY_CHARS) {
            throw new BadRequestException("the query is longer than " + MAX_QUERY_CHARS + " characters");
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("malformed query parameter '" + name + "'");
            }
        }
        return out;
    }

    /**
     * @return the request body as UTF-8 text
     * @throws BadRequestException when it is longer than {@link #MAX_BODY_BYTES}
     */
    static String body(HttpExchange ex) throws IOException, BadRequestException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        try (InputStream in = ex.getRequestBody()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > MAX_BODY_BYTES) {
                    throw new BadRequestException("the request body is larger than " + MAX_BODY_BYTES + " bytes");
                }
                out.write(buf, 0, n);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A request the server refuses as malformed (400); the message says what is wrong. */
    static final class BadRequestException extends Exception {
        BadRequestException(String message) {
            super(message);
        }
    }
}
