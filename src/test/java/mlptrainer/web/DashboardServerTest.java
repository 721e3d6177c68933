package mlptrainer.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.TlsConfig;
import mlptrainer.testing.TestCluster;
import mlptrainer.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's HTTP face without a browser: the token, TLS, unknown jobs, static files, bounds. */
class DashboardServerTest {
    private static final String TOKEN = "dashboard-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path root;
    private TestCluster cluster;
    private DashboardServer web;
    private CoordinatorServer coordinator;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private String start(String token, TlsConfig tls) throws IOException {
        cluster = TestCluster.withData(root);
        cluster.nodes(1);
        coordinator = cluster.coordinator(1);
        web = DashboardServer.start(coordinator.view(), TestCluster.HOST, 0, tls, AuthToken.of(token));
        return web.url();
    }

    private HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> login(String url, String token) throws IOException, InterruptedException {
        String form = "token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8) + "&next=%2Fjobs";
        return http.send(HttpRequest.newBuilder(URI.create(url + "login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withATokenEveryRouteNeedsItAsABearerOrALoginCookie() throws Exception {
        String url = start(TOKEN, null);
        HttpResponse<String> api = get(url + "api/cluster");
        assertEquals(401, api.statusCode());
        assertTrue(JSON.readTree(api.body()).get("error").asText().contains("token"), api.body());
        HttpResponse<String> page = get(url + "jobs");
        assertEquals(303, page.statusCode());
        assertEquals("/login?next=%2Fjobs", page.headers().firstValue("Location").orElse(""));
        assertEquals(401, get(url + "api/cluster", "Authorization", "Bearer wrong-token").statusCode());
        assertEquals(200, get(url + "api/cluster", "Authorization", "Bearer " + TOKEN).statusCode());

        HttpResponse<String> refused = login(url, "wrong-token");
        assertEquals(303, refused.statusCode());
        assertTrue(refused.headers().firstValue("Location").orElse("").startsWith("/login?failed=1"));
        assertTrue(refused.headers().firstValue("Set-Cookie").isEmpty());

        HttpResponse<String> accepted = login(url, TOKEN);
        assertEquals("/jobs", accepted.headers().firstValue("Location").orElse(""));
        String cookie = accepted.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertFalse(cookie.contains("Secure"), "Secure only under TLS: " + cookie);
        assertFalse(cookie.contains(TOKEN), "the cookie must not hold the token: " + cookie);
        String session = cookie.substring(0, cookie.indexOf(';'));
        assertEquals(200, get(url + "api/jobs", "Cookie", session).statusCode());
        assertEquals(200, get(url + "jobs", "Cookie", session).statusCode());
        String forged = session.substring(0, session.length() - 1) + (session.endsWith("0") ? "1" : "0");
        assertEquals(401, get(url + "api/jobs", "Cookie", forged).statusCode());
    }

    @Test
    void aRouteMountedWithRegisterNeedsTheTokenToo() throws Exception {
        String url = start(TOKEN, null);
        web.register("/probe", ex -> {
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        assertEquals(401, get(url + "probe").statusCode());
        assertEquals(204, get(url + "probe", "Authorization", "Bearer " + TOKEN).statusCode());
    }

    @Test
    void withoutATokenEverythingIsServedAndLoginGoesHome() throws Exception {
        String url = start("", null);
        assertEquals(200, get(url + "api/cluster").statusCode());
        assertEquals(200, get(url).statusCode());
        assertEquals("/", get(url + "login").headers().firstValue("Location").orElse(""));
    }

    @Test
    void anUnknownJobIs404AndAMalformedQuery400() throws Exception {
        String url = start("", null);
        String id = cluster.runJob(TestCluster.DIR).status().getJob_id();
        HttpResponse<String> unknown = get(url + "api/jobs/999");
        assertEquals(404, unknown.statusCode());
        assertEquals("no job with id '999' (the coordinator keeps its last 100 jobs)",
                JSON.readTree(unknown.body()).get("error").asText());
        assertEquals(404, get(url + "api/jobs/x%0Ay").statusCode());
        assertEquals(404, get(url + "jobs/999").statusCode());
        assertEquals(404, get(url + "api/jobs/" + id + "/weights").statusCode());
        assertEquals(400, get(url + "api/jobs/" + id + "?since=soon").statusCode());
        assertEquals(400, get(url + "api/jobs/" + id + "/model?which=worst").statusCode());
        JsonNode job = JSON.readTree(get(url + "api/jobs/" + id).body());
        assertEquals("SUCCEEDED", job.get("state").asText());
        assertEquals(TestCluster.ROUNDS, job.get("rounds_done").size());
        assertEquals(200, get(url + "jobs/" + id).statusCode());
    }

    @Test
    void aStatusWaitingForNewsAnswersWhenTheJobMovesAndAtOnceOnceItEnded() throws Exception {
        start("", null);
        RoundGate gate = new RoundGate(coordinator.view(), 1);
        mlptrainer.coordinator.RoundLoopHook.set(coordinator, gate);
        try (mlptrainer.client.CoordinatorClient client = cluster.client()) {
            String id = TestCluster.startJob(client);
            TestCluster.awaitRound(client, id, 1);
            String job = web.url() + "api/jobs/" + id;
            long held = JSON.readTree(get(job).body()).get("version").asLong();
            java.util.concurrent.CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(job + "?since=" + held)).build(),
                    HttpResponse.BodyHandlers.ofString());
            gate.openForGood();
            JsonNode moved = JSON.readTree(waiting.get().body());
            assertTrue(moved.get("version").asLong() > held, "answered without news: " + moved.get("version"));
            TestCluster.awaitEnd(client, id);
            JsonNode ended = JSON.readTree(get(job).body());
            JsonNode again = JSON.readTree(get(job + "?since=" + ended.get("version").asLong()).body());
            assertEquals("SUCCEEDED", again.get("state").asText());
            assertEquals(ended.get("version").asLong(), again.get("version").asLong());
        } finally {
            gate.openForGood();
            mlptrainer.coordinator.RoundLoopHook.clear(coordinator);
        }
    }

    @Test
    void staticFilesAreAFixedListAndNoPathLeadsOutOfIt() throws Exception {
        String url = start("", null);
        HttpResponse<String> css = get(url + "static/dashboard.css");
        assertEquals(200, css.statusCode());
        assertEquals("text/css; charset=utf-8", css.headers().firstValue("Content-Type").orElse(""));
        for (String path : new String[] {"/static/../../pom.xml", "/static/..%2F..%2Fpom.xml",
                "/static/%2e%2e/%2e%2e/pom.xml", "/static/web/dashboard.css", "/static/../web/dashboard.css",
                "/static//etc/passwd", "/static/dashboard.css/..%2F..%2Fpom.xml"}) {
            String reply = raw(web.port(), path);
            assertTrue(reply.startsWith("HTTP/1.1 404"), path + " -> " + reply.lines().findFirst().orElse(""));
            assertFalse(reply.contains("<artifactId>") || reply.contains("root:"), path);
        }
    }

    @Test
    void aLoginBodyBeyondTheBoundIsRefused() throws Exception {
        String url = start(TOKEN, null);
        String big = "token=" + "x".repeat(Exchanges.MAX_BODY_BYTES);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "login"))
                .POST(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
    }

    @Test
    void underTlsTheDashboardIsServedOverHttpsWithASecureCookie() throws Exception {
        TestKeys.keytool("-genkeypair", "-alias", "cluster", "-keyalg", "EC", "-dname", "CN=cluster", "-ext",
                "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", root.resolve("cluster.p12").toString(),
                "-storepass", "changeit");
        TestKeys.keytool("-exportcert", "-alias", "cluster", "-keystore", root.resolve("cluster.p12").toString(),
                "-storepass", "changeit", "-file", root.resolve("cluster.crt").toString());
        TestKeys.keytool("-importcert", "-noprompt", "-alias", "cluster", "-file", root.resolve("cluster.crt")
                .toString(), "-keystore", root.resolve("trust.p12").toString(), "-storepass", "changeit");
        String url = start(TOKEN, TestKeys.tls(root, false));
        assertTrue(url.startsWith("https://127.0.0.1:"), url);
        HttpClient https = HttpClient.newBuilder().sslContext(trusting(root.resolve("trust.p12")))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(url + "api/cluster"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals(1, JSON.readTree(r.body()).get("nodes").size());
        HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(url + "login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(login.headers().firstValue("Set-Cookie").orElse("").contains("; Secure"));
        assertTrue(raw(web.port(), "/").isEmpty() || !raw(web.port(), "/").startsWith("HTTP/1.1 200"),
                "plain HTTP on the HTTPS port must not be served");
    }

    private static SSLContext trusting(Path truststore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(truststore)) {
            store.load(in, TestKeys.PASSWORD);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Sends the request line as given, unnormalised, and returns the whole reply. */
    private static String raw(int port, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getByName(TestCluster.HOST), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException e) {
            return "";
        }
    }

}
