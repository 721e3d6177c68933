package mlptrainer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import mlptrainer.model.TrainingSettings;
import org.junit.jupiter.api.Test;

/** A task's requirement travels as a setting that this version lists and strips, and earlier ones refuse. */
class NodeCapabilitiesTest {
    @Test
    void aNodeListsItsSettingsAndItsCapabilities() {
        assertTrue(NodeCapabilities.advertised().containsAll(TrainingSettings.KNOWN));
        assertTrue(NodeCapabilities.advertised().contains(NodeCapabilities.REAL_FEATURES));
    }

    @Test
    void realValuedTasksRequireTheCapabilityAndOthersNothing() {
        Map<String, String> sgd = Map.of("optimizer", "sgd");
        assertEquals(sgd, NodeCapabilities.require(sgd, false));
        assertEquals(Map.of("optimizer", "sgd", "real_features", "true"), NodeCapabilities.require(sgd, true));
    }

    @Test
    void thisVersionTrainsWithoutTheRequirementWhichEarlierOnesRefuse() {
        Map<String, String> task = NodeCapabilities.require(Map.of("optimizer", "sgd"), true);
        assertEquals(Map.of("optimizer", "sgd"), NodeCapabilities.trainingSettings(task));
        IllegalArgumentException earlier = assertThrows(IllegalArgumentException.class,
                () -> TrainingSettings.parse(task));
        assertTrue(earlier.getMessage().contains("unknown training settings [real_features]"), earlier.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TrainingSettings.parse(NodeCapabilities.trainingSettings(Map.of("real_features", "false"))),
                "a value other than true is not silently dropped");
    }
}
