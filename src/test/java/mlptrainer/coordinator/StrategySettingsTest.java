package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import mlptrainer.model.TrainingSettings;
import org.junit.jupiter.api.Test;

/** The strategy settings are refused with one line when wrong, and only mu ever reaches a node. */
class StrategySettingsTest {
    private static final TrainingSettings COURSE = TrainingSettings.COURSE;

    private static String refusal(Map<String, String> settings) {
        return assertThrows(IllegalArgumentException.class, () -> StrategySettings.parse(settings)).getMessage();
    }

    private static String refusalAt(Map<String, String> settings, int shards, double eta, boolean resume) {
        StrategySettings s = StrategySettings.parse(settings);
        return assertThrows(IllegalArgumentException.class, () -> s.checkFits(shards, COURSE, eta, resume))
                .getMessage();
    }

    @Test
    void noSettingsIsTheCourseMean() {
        StrategySettings s = StrategySettings.parse(Map.of("optimizer", "gd"));
        assertTrue(s.isCourseMean());
        assertEquals(Map.of("optimizer", "gd"), s.nodeSettings());
        assertTrue(StrategySettings.parse(Map.of("strategy", "mean")).isCourseMean());
        assertFalse(StrategySettings.parse(Map.of("fraction", "0.5")).isCourseMean());
    }

    @Test
    void unknownStrategiesAndBadValuesAreRefusedNamingThem() {
        String m = refusal(Map.of("strategy", "fedsgd"));
        assertTrue(m.contains("strategy=fedsgd") && m.contains("multi_krum"), m);
        assertTrue(refusal(Map.of("strategy", "fedavgm", "server_momentum", "1")).contains("server_momentum=1"));
        assertTrue(refusal(Map.of("strategy", "fedadam", "tau", "0")).contains("tau=0"));
        assertTrue(refusal(Map.of("strategy", "fedyogi", "beta2", "x")).contains("beta2=x"));
        assertTrue(refusal(Map.of("fraction", "0")).contains("fraction=0"));
        assertTrue(refusal(Map.of("fraction", "1.5")).contains("fraction=1.5"));
        assertTrue(refusal(Map.of("strategy", "trimmed_mean", "trim", "0.6")).contains("trim=0.6"));
        assertTrue(refusal(Map.of("strategy", "krum", "krum_f", "-1")).contains("krum_f=-1"));
        assertTrue(refusal(Map.of("strategy", "fedprox", "mu", "-0.1")).contains("mu=-0.1"));
    }

    @Test
    void parametersTheStrategyWouldIgnoreAreRefused() {
        assertTrue(refusal(Map.of("trim", "0.1")).contains("needs strategy trimmed_mean"));
        assertTrue(refusal(Map.of("strategy", "fedadam", "server_momentum", "0.9")).contains("needs strategy fedavgm"));
        assertTrue(refusal(Map.of("strategy", "fedadagrad", "beta2", "0.9")).contains("fedadam or fedyogi"));
        assertTrue(refusal(Map.of("strategy", "krum", "krum_m", "2")).contains("needs strategy multi_krum"));
        assertTrue(refusal(Map.of("mu", "0.1")).contains("needs strategy fedprox"));
        assertTrue(refusal(Map.of("strategy", "median", "server_lr", "1")).contains("server_lr"));
        assertTrue(refusal(Map.of("sample_seed", "4")).contains("needs fraction < 1"));
    }

    @Test
    void onlyMuReachesNodesAndFedproxAlwaysSendsIt() {
        StrategySettings s = StrategySettings.parse(Map.of("strategy", "fedadam", "server_lr", "0.1", "fraction",
                "0.5", "optimizer", "adam"));
        assertEquals(Map.of("optimizer", "adam"), s.nodeSettings());
        assertEquals(Map.of("mu", "0.01"), StrategySettings.parse(Map.of("strategy", "fedprox")).nodeSettings());
        assertEquals(Map.of("mu", "2.0"), StrategySettings.parse(Map.of("strategy", "fedprox", "mu", "2")).nodeSettings());
        for (String name : StrategySettings.COORDINATOR_ONLY) {
            assertFalse(TrainingSettings.KNOWN.contains(name), name + " is also a node setting");
        }
    }

    @Test
    void emaStaysOnTheCoordinatorRefusesResumeAndBadValuesAndCountsItsCopies() {
        StrategySettings s = StrategySettings.parse(Map.of("ema", "0.9", "fraction", "0.5", "optimizer", "sgd"));
        assertEquals(0.9, s.ema());
        assertEquals(Map.of("optimizer", "sgd"), s.nodeSettings());
        assertTrue(StrategySettings.parse(Map.of("ema", "0.9")).isCourseMean(), "the rounds stay the course's");
        assertEquals(0, StrategySettings.parse(Map.of()).ema());
        for (String bad : new String[] {"1", "-0.5", "x"}) {
            assertTrue(refusal(Map.of("ema", bad)).startsWith("ema=" + bad), bad);
        }
        String m = refusalAt(Map.of("ema", "0.9"), 4, 0.1, true);
        assertTrue(m.contains("--resume is refused with ema"), m);
        StrategySettings.parse(Map.of("ema", "0.9")).checkFits(4, COURSE, 0.1, false);
        assertEquals(2, StrategySettings.serverStateCopies(Map.of("ema", "0.9")));
        assertEquals(3, StrategySettings.serverStateCopies(Map.of("ema", "0.9", "strategy", "fedavgm")));
        assertEquals(0, StrategySettings.serverStateCopies(Map.of()));
    }

    @Test
    void krumNeedsTwoFPlusThreeDeltasPerRound() {
        String m = refusalAt(Map.of("strategy", "krum", "krum_f", "2"), 6, 0.1, false);
        assertTrue(m.contains("n=6, f=2"), m);
        StrategySettings.parse(Map.of("strategy", "krum", "krum_f", "2")).checkFits(7, COURSE, 0.1, false);
        // a fraction shrinks the round: 0.3 of 11 shards is 4, fewer than 2 x 1 + 3
        m = refusalAt(Map.of("strategy", "multi_krum", "fraction", "0.3"), 11, 0.1, false);
        assertTrue(m.contains("n=4, f=1") && m.contains("4 of 11 shards per round"), m);
        StrategySettings.parse(Map.of("strategy", "multi_krum", "fraction", "0.5")).checkFits(11, COURSE, 0.1, false);
    }

    @Test
    void multiKrumKeepsAtMostNMinusF() {
        StrategySettings ok = StrategySettings.parse(Map.of("strategy", "multi_krum", "krum_m", "4"));
        ok.checkFits(5, COURSE, 0.1, false);
        assertEquals(4, ok.krumM(5));
        assertEquals(4, StrategySettings.parse(Map.of("strategy", "multi_krum")).krumM(5));
        String m = refusalAt(Map.of("strategy", "multi_krum", "krum_m", "5"), 5, 0.1, false);
        assertTrue(m.contains("krum_m=5"), m);
    }

    @Test
    void trimmedMeanRefusesToCutEverything() {
        String m = refusalAt(Map.of("strategy", "trimmed_mean", "trim", "0.5"), 2, 0.1, false);
        assertTrue(m.contains("none would remain") && m.contains("2 of 2 shards"), m);
    }

    @Test
    void theMemoryAdmissionCountsTheServerOptimisersState() {
        assertEquals(0, StrategySettings.serverStateCopies(Map.of()));
        assertEquals(0, StrategySettings.serverStateCopies(Map.of("strategy", "krum")));
        assertEquals(1, StrategySettings.serverStateCopies(Map.of("strategy", "fedavgm")));
        assertEquals(2, StrategySettings.serverStateCopies(Map.of("strategy", "fedyogi")));
        JobSpec course = JobSpec.course("d", 1, 1, 8, 3, 0.1);
        JobSpec adam = new JobSpec("d", 1, 1, 8, 3, 0.1, Map.of("strategy", "fedadam"), false);
        assertEquals(JobMemory.estimate(course, 4, 3, 1, 0).copies() + 2, JobMemory.estimate(adam, 4, 3, 1, 0).copies());
    }

    @Test
    void statefulStrategiesRefuseToResume() {
        String m = refusalAt(Map.of("strategy", "fedyogi"), 4, 0.1, true);
        assertTrue(m.contains("--resume") && m.contains("fedyogi"), m);
        StrategySettings.parse(Map.of("strategy", "median")).checkFits(4, COURSE, 0.1, true);
    }

    @Test
    void fedproxRefusesAStepThatOvershootsTheProximalTerm() {
        String m = refusalAt(Map.of("strategy", "fedprox", "mu", "20"), 4, 0.1, false);
        assertTrue(m.contains("mu x eta"), m);
        StrategySettings.parse(Map.of("strategy", "fedprox", "mu", "20")).checkFits(4,
                TrainingSettings.parse(Map.of("optimizer", "adam")), 0.1, false);
    }
}
