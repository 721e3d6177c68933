package mlptrainer.coordinator;

import static mlptrainer.testing.TestCluster.EPOCHS;
import static mlptrainer.testing.TestCluster.ETA;
import static mlptrainer.testing.TestCluster.H;
import static mlptrainer.testing.TestCluster.K;
import static mlptrainer.testing.TestCluster.MAX_HIDDEN;
import static mlptrainer.testing.TestCluster.ROUNDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.UnknownJob;
import mlptrainer.testing.TestCluster;
import org.apache.thrift.TApplicationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Requests the coordinator refuses before a job starts: InvalidRequest naming the problem. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestIntegrationTest {
    @TempDir
    static Path root;
    TestCluster cluster;
    CoordinatorClient client;

    @BeforeAll
    void start() throws Exception {
        TestCluster.writeData(root, "data");
        Path bad = TestCluster.writeData(root, "bad");
        Files.writeString(bad.resolve("train_letters3.txt"), "1,2,3,4,0\n1,2,3,0\n");
        Path noValidation = TestCluster.writeData(root, "novalidation");
        Files.delete(noValidation.resolve("validate_letters.txt"));
        cluster = new TestCluster(root);
        cluster.nodes(1).coordinator(3);
        client = cluster.client();
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        cluster.close();
    }

    private void assertInvalid(String expected, String dir, int rounds, int epochs, int h, int k, double eta) {
        InvalidRequest e = assertThrows(InvalidRequest.class,
                () -> client.startJob(dir, rounds, epochs, h, k, eta, Map.of()));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    @Test
    void badNumbersAreNamed() {
        assertInvalid("rounds must be in 1..", "data", 0, EPOCHS, H, K, ETA);
        assertInvalid("epochs must be in 1..", "data", ROUNDS, 0, H, K, ETA);
        assertInvalid("h must be >= 1", "data", ROUNDS, EPOCHS, 0, K, ETA);
        assertInvalid("eta must be a finite number > 0, got NaN", "data", ROUNDS, EPOCHS, H, K, Double.NaN);
        assertInvalid("k must be in 2..", "data", ROUNDS, EPOCHS, H, 1, ETA);
        assertInvalid("--max-hidden", "data", ROUNDS, EPOCHS, MAX_HIDDEN + 1, K, ETA);
    }

    @Test
    void missingDirectoryIsNamed() {
        assertInvalid("nowhere: no such directory", "nowhere", ROUNDS, EPOCHS, H, K, ETA);
    }

    @Test
    void directoryOutsideTheDataRootIsRefused() {
        assertInvalid("outside the data root", "../..", ROUNDS, EPOCHS, H, K, ETA);
    }

    @Test
    void badDataFileIsNamedWithItsLine() {
        assertInvalid("bad/train_letters3.txt line 2", "bad", ROUNDS, EPOCHS, H, K, ETA);
    }

    @Test
    void labelBeyondKIsNamed() {
        // the data has labels 0..2; k=2 makes label 2 invalid
        assertInvalid("label 2 is outside 0..1", "data", ROUNDS, EPOCHS, H, 2, ETA);
    }

    @Test
    void labelBeyondKIsNamedWithItsFileLine() throws Exception {
        // rows and lines differ here: a blank line comes first, so the bad row (row 2) is on line 3
        Path dir = Files.createDirectories(root.resolve("labels"));
        Files.writeString(dir.resolve("train_letters1.txt"), "1,2,3,4,0\n1,2,3,4,1\n");
        Files.writeString(dir.resolve("train_letters2.txt"), "\n1,2,3,4,0\n1,2,3,4,2\n");
        Files.writeString(dir.resolve("validate_letters.txt"), "1,2,3,4,1\n");
        assertInvalid("labels/train_letters2.txt line 3", "labels", ROUNDS, EPOCHS, H, 2, ETA);
    }

    @Test
    void missingValidationFileIsNamed() {
        assertInvalid("novalidation/validate_letters.txt: no such file", "novalidation", ROUNDS, EPOCHS, H, K, ETA);
    }

    @Test
    void legacyTrainReportsABadRequestAsAnApplicationException() {
        TApplicationException e = assertThrows(TApplicationException.class,
                () -> client.trainBlocking("data", 0, EPOCHS, H, K, ETA));
        assertTrue(e.getMessage().contains("rounds must be in 1.."), e.getMessage());
    }

    @Test
    void unknownJobIsNamed() {
        UnknownJob e = assertThrows(UnknownJob.class, () -> client.model("no-such-job"));
        assertTrue(e.getMessage().contains("no-such-job"), e.getMessage());
    }

    @Test
    void stillServesAGoodRequestAfterBadOnes() throws Exception {
        String id = client.startJob("data", 1, 1, 2, K, ETA, Map.of());
        assertEquals(JobState.SUCCEEDED, TestCluster.awaitEnd(client, id).getState());
    }
}
