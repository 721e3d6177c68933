package mlptrainer.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.client.ModelFile;
import mlptrainer.client.ModelScoring;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.coordinator.FailureTolerance;
import mlptrainer.coordinator.SchedulerOptions;
import mlptrainer.coordinator.NodeView;
import mlptrainer.coordinator.RoundLoopHook;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven through its chromedriver (given
 * explicitly, so Selenium never looks for or downloads a driver). Skipped when /usr/bin/chromedriver
 * is absent, unless MLP_REQUIRE_BROWSER=1 (as CI sets), which makes that a failure.
 *
 * <p>With {@code -Ddashboard.screenshots=DIR} it also takes the README's screenshots during a job on
 * the repository's letters/ data.
 */
class DashboardBrowserTest {
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String TOKEN = "browser-test-token";
    private static final Duration GENEROUS = Duration.ofSeconds(90);
    private static WebDriver driver;
    private static Path profile;

    @TempDir
    Path root;
    private TestCluster cluster;
    private DashboardServer web;
    private RoundGate gate;
    private CoordinatorServer coordinator;

    @BeforeAll
    static void startBrowser() throws IOException {
        if (!Files.isExecutable(CHROMEDRIVER)) {
            String why = CHROMEDRIVER + " is absent (apt-get install chromium chromium-driver)";
            if ("1".equals(System.getenv("MLP_REQUIRE_BROWSER"))) {
                fail(why + ", and MLP_REQUIRE_BROWSER=1 asks for the browser test");
            }
            Assumptions.assumeTrue(false, "browser test skipped: " + why);
        }
        profile = Files.createTempDirectory("mlp-chromium-profile-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1360,1000", "--user-data-dir=" + profile);
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void quitBrowser() throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (profile != null) {
                deleteTree(profile);
            }
        }
    }

    @AfterEach
    void stopCluster() {
        if (gate != null) {
            gate.openForGood();
        }
        if (coordinator != null) {
            RoundLoopHook.clear(coordinator);
        }
        if (web != null) {
            web.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theCurveGrowsAsRoundsEndAStoppedNodeTurnsDownAndTheModelDownloadsAndEvaluates() throws Exception {
        cluster = TestCluster.withData(root).withToken(TOKEN);
        ComputeNodeServer first = cluster.node(0.0, 0);
        cluster.node(0.0, 0);
        cluster.node(0.0, 0);
        coordinator = cluster.coordinator(3); // round-robin: each round's first task goes to the first node
        web = DashboardServer.start(coordinator.view(), TestCluster.HOST, 0, null, AuthToken.of(TOKEN));
        gate = new RoundGate(coordinator.view(), 1);
        RoundLoopHook.set(coordinator, gate);
        int rounds = 4;
        try (CoordinatorClient client = cluster.client()) {
            String id = client.startJob(TestCluster.DIR, rounds, TestCluster.EPOCHS, TestCluster.H, TestCluster.K,
                    TestCluster.ETA, Map.of());
            logIn("jobs/" + id);
            for (int n = 1; n <= rounds; n++) {
                gate.allow(n);
                awaitCurvePoints(n);
            }
            JobStatus end = TestCluster.awaitEnd(client, id);
            assertEquals(JobState.SUCCEEDED, end.getState(), end.getError());
            await(d -> "SUCCEEDED".equals(d.findElement(By.id("title")).getAttribute("data-state")));
            assertTimelineShowsEveryAttempt(id);
            assertDownloadedModelScoresTheFinalError(end.getFinal_error());
            gate.openForGood();
            RoundLoopHook.clear(coordinator);

            first.close();
            JobStatus second = TestCluster.awaitEnd(client, TestCluster.startJob(client));
            assertEquals(JobState.SUCCEEDED, second.getState(), second.getError());
        }
        assertStoppedNodeIsDownWithItsReason(TestCluster.HOST + ":" + first.port());
    }

    /** Logs in through the form, which then shows the page asked for. */
    private void logIn(String page) {
        driver.get(web.url() + page);
        await(d -> d.getCurrentUrl().contains("/login"));
        driver.findElement(By.id("token")).sendKeys(TOKEN);
        driver.findElement(By.cssSelector("form button")).click();
        await(d -> d.getCurrentUrl().endsWith("/" + page));
    }

    /** The job is held before round n+1, so the page must show exactly n rounds, whatever the timing. */
    private void awaitCurvePoints(int n) {
        await(d -> String.valueOf(n).equals(d.findElement(By.id("curve-svg")).getAttribute("data-points")));
        assertEquals(n, driver.findElements(By.cssSelector("#curve-svg circle.pt-validation")).size());
        assertEquals(n, driver.findElements(By.cssSelector("#curve-svg circle.pt-training")).size());
        assertEquals(n, driver.findElements(By.cssSelector("#rounds tbody tr[data-round]")).size());
    }

    private void assertTimelineShowsEveryAttempt(String id) {
        int attempts = coordinator.view().job(id).progress().attempts().size();
        await(d -> String.valueOf(attempts).equals(d.findElement(By.id("timeline-svg")).getAttribute("data-attempts")));
        assertEquals(attempts, driver.findElements(By.cssSelector("#timeline-svg rect.ACCEPTED")).size());
        assertEquals(5, driver.findElements(By.cssSelector("#outcomes [data-outcome]")).size(),
                "the legend names every outcome");
    }

    /** Fetches the page's model link with the browser's session cookie and scores it as scripts/evaluate does. */
    private void assertDownloadedModelScoresTheFinalError(double clientFinalError) throws Exception {
        String href = driver.findElement(By.id("model-link")).getDomProperty("href");
        String session = driver.manage().getCookieNamed(Access.COOKIE).getValue();
        HttpResponse<Path> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href))
                .header("Cookie", Access.COOKIE + "=" + session).build(),
                HttpResponse.BodyHandlers.ofFile(root.resolve("downloaded.model")));
        assertEquals(200, r.statusCode());
        Path validation = root.resolve(TestCluster.DIR).resolve("validate_letters.txt");
        double error = ModelScoring.evaluate(ModelFile.read(r.body(), "downloaded.model"), validation,
                "validate_letters.txt").errorRate();
        assertEquals(clientFinalError, error, 0.0);
    }

    private void assertStoppedNodeIsDownWithItsReason(String node) {
        NodeView seen = coordinator.view().nodes().stream().filter(n -> n.address().equals(node)).findFirst()
                .orElseThrow();
        assertFalse(seen.up(), "the coordinator should have found " + node + " down");
        assertFalse(seen.lastError().isEmpty());
        driver.get(web.url());
        By row = By.cssSelector("#nodes tr[data-node='" + node + "']");
        await(d -> "down".equals(d.findElement(row).getAttribute("data-state")));
        String reason = driver.findElement(row).findElement(By.cssSelector(".reason")).getText();
        assertTrue(reason.startsWith(seen.lastError()), reason + " should give the reason " + seen.lastError());
        assertEquals(2, driver.findElements(By.cssSelector("#nodes tr[data-state='up']")).size());
    }

    private static void await(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, GENEROUS).ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** The README's screenshots, from a job on letters/ held at round 9 of 15; only with -Ddashboard.screenshots. */
    @Test
    void screenshotsOfARealJob() throws Exception {
        String dir = System.getProperty("dashboard.screenshots");
        Assumptions.assumeTrue(dir != null, "screenshots only with -Ddashboard.screenshots=DIR");
        Path out = Path.of(dir).toAbsolutePath();
        cluster = new TestCluster(Path.of("").toAbsolutePath());
        for (int i = 0; i < 4; i++) {
            cluster.node(0.0, 0);
        }
        cluster.deadNode();
        // the dead node must not fail the job through the cap on one task's failures
        coordinator = cluster.coordinator(1, SchedulerOptions.DEFAULTS.withTolerance(new FailureTolerance(1000, 3, 2, 3)));
        web = DashboardServer.start(coordinator.view(), TestCluster.HOST, 0, null, AuthToken.NONE);
        try (CoordinatorClient client = cluster.client()) {
            TestCluster.awaitEnd(client, client.startJob("letters", 6, 50, 24, 26, 0.0001, Map.of()));
            gate = new RoundGate(coordinator.view(), 9);
            RoundLoopHook.set(coordinator, gate);
            String id = client.startJob("letters", 15, 50, 24, 26, 0.0001, Map.of());
            driver.get(web.url() + "jobs/" + id);
            await(d -> "9".equals(d.findElement(By.id("curve-svg")).getAttribute("data-points")));
            shoot("jobs/" + id, out.resolve("dashboard-job.png"), 1300);
            shoot("jobs", out.resolve("dashboard-jobs.png"), 520);
            shoot("", out.resolve("dashboard-cluster.png"), 640);
            gate.openForGood();
            TestCluster.awaitEnd(client, id);
        }
    }

    private void shoot(String page, Path file, int height) throws IOException {
        driver.manage().window().setSize(new Dimension(1360, height));
        driver.get(web.url() + page);
        await(d -> !d.findElements(By.cssSelector("tbody tr")).isEmpty()
                && d.findElements(By.cssSelector(".empty")).isEmpty()
                || page.startsWith("jobs/") && d.findElement(By.id("curve-svg")) != null);
        WebElement main = driver.findElement(By.tagName("main"));
        assertTrue(main.isDisplayed());
        Files.copy(((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(), file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
