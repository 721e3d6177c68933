package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import mlptrainer.model.MlpWeights;
import org.junit.jupiter.api.Test;

/** Which shards lie and how, from the settings; bad settings are one-line errors. */
class FaultInjectionTest {
    private static final AttemptResult HONEST = AttemptResult.accepted(
            new MlpWeights(1, 1, 2, new double[] {0.5, -1.5}, new double[] {2, 0.25, -4, 8}), 0.25, 3, 10);

    @Test
    void signFlipNegatesTheChosenShardsAcceptedDeltasOnly() {
        FaultInjection f = FaultInjection.of(Map.of("inject", "sign_flip", "inject_shards", "2,4"), 5);
        assertEquals("shards 2,4 send their deltas times -1.0", f.toString());
        AttemptResult lied = f.apply(1, HONEST);
        assertArrayEquals(new double[] {-0.5, 1.5}, lied.deltas().w());
        assertArrayEquals(new double[] {-2, -0.25, 4, -8}, lied.deltas().v());
        assertEquals(0.25, lied.trainingError());
        assertEquals(3, lied.epochsRun());
        assertArrayEquals(new double[] {0.5, -1.5}, HONEST.deltas().w(), "the node's result is not changed");
        assertSame(HONEST, f.apply(0, HONEST), "shard 1 is honest");
        AttemptResult failed = AttemptResult.failed(AttemptResult.Kind.TRANSPORT_ERROR, "reset", 1);
        assertSame(failed, f.apply(1, failed));
    }

    @Test
    void scaleMultipliesAndDefaultsToShardOneTimesTen() {
        FaultInjection f = FaultInjection.of(Map.of("inject", "scale"), 3);
        assertTrue(f.lies(0));
        assertFalse(f.lies(1));
        assertArrayEquals(new double[] {5, -15}, f.apply(0, HONEST).deltas().w());
        FaultInjection half = FaultInjection.of(Map.of("inject", "scale", "inject_scale", "-0.5"), 3);
        assertArrayEquals(new double[] {-0.25, 0.75}, half.apply(0, HONEST).deltas().w());
    }

    @Test
    void aFractionChoosesTheFirstShardsRoundedUp() {
        FaultInjection f = FaultInjection.of(Map.of("inject", "sign_flip", "inject_fraction", "0.25"), 11);
        assertEquals("shards 1,2,3 send their deltas times -1.0", f.toString()); // ceil(2.75)
        assertEquals(11, java.util.stream.IntStream.range(0, 11).filter(FaultInjection.of(
                Map.of("inject", "sign_flip", "inject_fraction", "1"), 11)::lies).count());
    }

    @Test
    void noSettingsNoInjectionAndTheSettingsNeverReachTheNodes() {
        assertSame(FaultInjection.NONE, FaultInjection.of(Map.of("optimizer", "sgd"), 3));
        assertEquals(Map.of("optimizer", "sgd"), FaultInjection.withoutInjection(Map.of("optimizer", "sgd",
                "inject", "scale", "inject_scale", "3", "inject_shards", "1", "inject_fraction", "0.5")));
        FaultInjection.refuseUnlessAllowed(Map.of("optimizer", "sgd"), false);
        FaultInjection.refuseUnlessAllowed(Map.of("inject", "scale"), true);
        assertEquals("fault injection (inject=scale) is refused: this coordinator was not started with "
                + "--allow-fault-injection", assertThrows(IllegalArgumentException.class,
                        () -> FaultInjection.refuseUnlessAllowed(Map.of("inject", "scale"), false)).getMessage());
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertRefused(Map.of("inject", "flip"), "inject=flip is not one of sign_flip | scale");
        assertRefused(Map.of("inject_shards", "1"), "[inject_shards] need inject=sign_flip or scale");
        assertRefused(Map.of("inject", "sign_flip", "inject_shards", "0"),
                "inject_shards=0 must be shard numbers 1..4, comma-separated");
        assertRefused(Map.of("inject", "sign_flip", "inject_shards", "5"),
                "inject_shards=5 must be shard numbers 1..4, comma-separated");
        assertRefused(Map.of("inject", "sign_flip", "inject_shards", "1,x"),
                "inject_shards=1,x must be shard numbers 1..4, comma-separated");
        assertRefused(Map.of("inject", "sign_flip", "inject_fraction", "0"),
                "inject_fraction=0 is not a number in (0, 1]");
        assertRefused(Map.of("inject", "sign_flip", "inject_fraction", "0.5", "inject_shards", "1"),
                "give inject_shards or inject_fraction, not both");
        assertRefused(Map.of("inject", "sign_flip", "inject_scale", "2"),
                "inject_scale is for inject=scale, not sign_flip");
        assertRefused(Map.of("inject", "scale", "inject_scale", "0"),
                "inject_scale=0 is not a finite number other than 0");
        assertRefused(Map.of("inject", "scale", "inject_scale", "NaN"),
                "inject_scale=NaN is not a finite number other than 0");
    }

    private static void assertRefused(Map<String, String> settings, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> FaultInjection.of(settings, 4))
                .getMessage());
    }
}
