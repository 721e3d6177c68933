package mlptrainer.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.WrongProtocol;
import mlptrainer.rpc.gen.Assignment;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.rpc.gen.RoundStat;
import mlptrainer.rpc.gen.Unauthorized;
import mlptrainer.rpc.gen.UnknownJob;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.Test;

class WireMappingTest {
    /** Settings in an order that is neither sorted nor hash order, so that a reordering shows. */
    private static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("optimizer", "adam");
        s.put("batch", "32");
        s.put("l2", "0.001");
        return s;
    }

    static JobStatus finishedStatus() {
        NodeStat failing = new NodeStat("10.0.0.2:9092", false, 1, 2, 3, 40L);
        failing.setLast_error("connection refused");
        JobStatus s = new JobStatus("7", JobState.SUCCEEDED, 2, 2, 4, 4, 1, 5, List.of("10.0.0.2:9092"),
                List.of(new RoundStat(1, 0.5, 0.625, 120L, 3), new RoundStat(2, 0.25, 0.375, 130L, 2)), 900L,
                List.of(new Assignment(0, "10.0.0.1:9091")),
                List.of(new NodeStat("10.0.0.1:9091", true, 8, 0, 0, 700L), failing));
        JobRequest request = new JobRequest("data/letters", 2, 3, 16, 26, 0.002);
        request.setSettings(settings());
        s.setRequest(request);
        s.setFinal_error(0.25);
        s.setBest_round(2);
        s.setBest_error(0.25);
        return s;
    }

    @Test
    void aStatusKeepsEveryFigureTheCoordinatorSent() {
        JobSnapshot j = WireMapping.job(finishedStatus());
        assertEquals("7", j.jobId());
        assertEquals(JobPhase.SUCCEEDED, j.phase());
        assertEquals(List.of(2, 2, 4, 4, 1, 1, 5), List.of(j.roundsEnded(), j.rounds(), j.tasksDone(), j.tasksTotal(),
                j.tasksRunning(), j.rejections(), j.retries()));
        assertEquals(List.of("10.0.0.2:9092"), j.failedNodes());
        assertEquals(List.of(new RoundResult(1, 0.5, 0.625, 120L, 3), new RoundResult(2, 0.25, 0.375, 130L, 2)),
                j.roundsDone());
        assertEquals(900L, j.elapsedMs());
        assertEquals(List.of(new NodeCounts("10.0.0.1:9091", true, 8, 0, 0, 700L, Optional.empty()),
                new NodeCounts("10.0.0.2:9092", false, 1, 2, 3, 40L, Optional.of("connection refused"))), j.nodes());
        assertEquals(OptionalDouble.of(0.25), j.finalError());
        assertEquals(Optional.of(new BestRound(2, 0.25)), j.best());
        assertNull(j.error());
        TrainingRequest r = j.request().orElseThrow();
        assertEquals(new TrainingRequest("data/letters", 2, 3, 16, 26, 0.002, settings()), r);
        assertEquals(List.of("optimizer", "batch", "l2"), List.copyOf(r.settings().keySet()), "the wire's order");
    }

    @Test
    void absentOptionalFieldsAndListsBecomeEmpty() {
        JobStatus s = new JobStatus();
        s.setJob_id("3");
        s.setState(JobState.FAILED);
        s.setError("no compute node can take a task");
        JobSnapshot j = WireMapping.job(s);
        assertEquals(JobPhase.FAILED, j.phase());
        assertEquals("no compute node can take a task", j.error());
        assertTrue(j.finalError().isEmpty() && j.best().isEmpty() && j.request().isEmpty());
        assertTrue(j.failedNodes().isEmpty() && j.roundsDone().isEmpty() && j.nodes().isEmpty());
        assertEquals(0, j.tasksRunning());
    }

    @Test
    void everyWireStateHasItsPhase() {
        for (JobState state : JobState.values()) {
            JobStatus s = finishedStatus();
            s.setState(state);
            assertEquals(state.name(), WireMapping.job(s).phase().name());
        }
    }

    @Test
    void aStatusWithoutAStateIsRefused() {
        JobStatus s = finishedStatus();
        s.setState(null);
        assertThrows(NullPointerException.class, () -> WireMapping.job(s));
    }

    @Test
    void aRequestGoesOutAsGivenAndComesBackEqual() {
        TrainingRequest r = new TrainingRequest("letters", 5, 2, 8, 3, 0.01, settings());
        JobRequest wire = WireMapping.toWire(r, true);
        assertTrue(wire.isResume());
        assertEquals(List.of("optimizer", "batch", "l2"), List.copyOf(wire.getSettings().keySet()));
        assertEquals(r, WireMapping.request(wire));
        assertTrue(!WireMapping.toWire(new TrainingRequest("d", 1, 1, 1, 2, 0.1, Map.of()), false).isSetSettings(),
                "no settings: the field stays unset, as the original's coordinators expect");
    }

    @Test
    void aModelKeepsItsWeightsSettingsAndStandardisation() {
        MlpWeights last = MlpWeights.initUniform(4, 3, 5, 1L);
        MlpWeights best = MlpWeights.initUniform(4, 3, 5, 2L);
        JobModel m = new JobModel(WireWeights.toWire(last), 4, 3, 5, Map.of("optimizer", "adam"));
        m.setBest(WireWeights.toWire(best));
        m.setFeature_mean(List.of(1.0, 2.0, 3.0, 4.0));
        m.setFeature_scale(List.of(0.5, 0.25, 2.0, 1.0));
        TrainedModels models = WireMapping.models(m);
        assertEquals(last, models.last().weights());
        assertEquals(best, models.best().weights());
        assertEquals(Map.of("optimizer", "adam"), models.best().settings());
        assertArrayEquals(new double[] {1.0, 2.0, 3.0, 4.0}, models.last().featureMean());
        assertArrayEquals(new double[] {0.5, 0.25, 2.0, 1.0}, models.best().featureScale());
    }

    @Test
    void withoutABestModelTheBestIsTheLast() {
        JobModel m = new JobModel(WireWeights.toWire(MlpWeights.initUniform(4, 3, 5, 1L)), 4, 3, 5, Map.of());
        TrainedModels models = WireMapping.models(m);
        assertSame(models.last(), models.best());
        assertNull(models.last().featureMean());
    }

    @Test
    void aWeightRowOfTheWrongWidthIsRefused() {
        JobModel m = new JobModel(WireWeights.toWire(MlpWeights.initUniform(4, 3, 5, 1L)), 4, 2, 5, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WireMapping.models(m));
        assertTrue(e.getMessage().contains("expected 2"), e.getMessage());
    }

    @Test
    void eachCoordinatorFailureGetsItsKindAndLine() {
        assertFailure(ClientFailure.Kind.REFUSED, "the coordinator refused the request: no such directory",
                WireMapping.failure(new InvalidRequest("no such directory"), "h:1"));
        assertFailure(ClientFailure.Kind.REFUSED, "the coordinator refused our credentials: bad token",
                WireMapping.failure(new Unauthorized("bad token"), "h:1"));
        assertFailure(ClientFailure.Kind.UNREACHABLE,
                "the coordinator at h:1 refused the call: " + WrongProtocol.EXPECTS_TLS,
                WireMapping.failure(new TApplicationException(TApplicationException.INVALID_PROTOCOL,
                        WrongProtocol.EXPECTS_TLS), "h:1"));
        assertFailure(ClientFailure.Kind.FAILED, "training failed: boom",
                WireMapping.failure(new TApplicationException(TApplicationException.INTERNAL_ERROR, "boom"), "h:1"));
        assertFailure(ClientFailure.Kind.UNREACHABLE, "lost the coordinator at h:1: reset",
                WireMapping.failure(new TTransportException("reset"), "h:1"));
        assertFailure(ClientFailure.Kind.FAILED,
                "cannot fetch the trained model: job 4 (the coordinator may have restarted; train again)",
                WireMapping.modelFailure(new UnknownJob("job 4"), "h:1"));
        assertFailure(ClientFailure.Kind.REFUSED, "the coordinator refused our credentials: bad token",
                WireMapping.modelFailure(new Unauthorized("bad token"), "h:1"));
    }

    private static void assertFailure(ClientFailure.Kind kind, String message, ClientFailure f) {
        assertEquals(kind, f.kind());
        assertEquals(message, f.getMessage());
        assertTrue(f.getCause() != null, "the cause is kept for -v");
    }
}
