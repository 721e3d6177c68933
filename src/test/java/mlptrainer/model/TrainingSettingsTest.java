package mlptrainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TrainingSettingsTest {

    @Test
    void emptyIsTheCourseAlgorithm() {
        TrainingSettings s = TrainingSettings.parse(Map.of());
        assertTrue(s.isCourse());
        assertTrue(s.earlyStop());
        assertSame(Optimizer.GD, s.optimizer());
        assertSame(Initializer.UNIFORM, s.init());
        assertSame(LearningRateSchedule.Kind.CONSTANT, s.schedule().kind());
        assertFalse(s.standardize());
        assertEquals(TrainingSettings.COURSE, TrainingSettings.parse(null));
    }

    @Test
    void parsesAFullAdamRecipe() {
        TrainingSettings s = TrainingSettings.parse(Map.of("optimizer", "adam", "batch_size", "64",
                "adam_beta1", "0.8", "adam_beta2", "0.99", "adam_epsilon", "1e-7", "weight_decay", "1e-4",
                "init", "he", "schedule", "cosine", "min_lr_fraction", "0.05", "standardize", "true"));
        assertSame(Optimizer.ADAM, s.optimizer());
        assertEquals(64, s.batchSize());
        assertEquals(0.8, s.adamBeta1());
        assertEquals(0.99, s.adamBeta2());
        assertEquals(1e-7, s.adamEpsilon());
        assertEquals(1e-4, s.weightDecay());
        assertFalse(s.earlyStop());
        assertSame(Initializer.HE, s.init());
        assertTrue(s.standardize());
        assertEquals(Map.of("optimizer", "adam", "batch_size", "64", "adam_beta1", "0.8", "adam_beta2", "0.99",
                "adam_epsilon", "1e-7", "weight_decay", "1e-4", "init", "he", "schedule", "cosine",
                "min_lr_fraction", "0.05", "standardize", "true"), s.asMap());
    }

    @Test
    void refusesUnknownNamesNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingSettings.parse(Map.of("optimizer", "adam", "dropconnect", "0.5", "nesterov", "true")));
        assertTrue(e.getMessage().contains("dropconnect") && e.getMessage().contains("nesterov"), e.getMessage());
        assertFalse(e.getMessage().contains("[optimizer"), e.getMessage());
    }

    @Test
    void knownListsEveryName() {
        assertEquals(19, TrainingSettings.KNOWN.size());
        assertTrue(TrainingSettings.KNOWN.containsAll(java.util.List.of("optimizer", "batch_size", "momentum",
                "adam_beta1", "adam_beta2", "adam_epsilon", "weight_decay", "early_stop", "init", "schedule",
                "step_every", "step_gamma", "min_lr_fraction", "warmup_rounds", "standardize", "mu", "label_smoothing",
                "input_noise", "dropout")));
    }

    @Test
    void refusesBadValuesNamingKeyAndValue() {
        String[][] bad = {
            {"optimizer", "rmsprop"}, {"init", "zeros"}, {"schedule", "linear"}, {"standardize", "yes"},
        };
        for (String[] kv : bad) {
            assertRefused(Map.of(kv[0], kv[1]), kv[0] + "=" + kv[1]);
        }
        String[][] badAdam = {
            {"batch_size", "0"}, {"batch_size", "abc"}, {"batch_size", "1.5"}, {"adam_beta1", "1"},
            {"adam_beta2", "-0.1"}, {"adam_epsilon", "0"}, {"adam_epsilon", "NaN"}, {"weight_decay", "-1"},
            {"weight_decay", "Infinity"}, {"early_stop", "maybe"},
        };
        for (String[] kv : badAdam) {
            assertRefused(Map.of("optimizer", "adam", kv[0], kv[1]), kv[0] + "=" + kv[1]);
        }
        assertRefused(Map.of("optimizer", "momentum", "momentum", "1.0"), "momentum=1.0");
        assertRefused(Map.of("schedule", "step", "step_every", "0"), "step_every=0");
        assertRefused(Map.of("schedule", "step", "step_gamma", "2"), "step_gamma=2");
        assertRefused(Map.of("schedule", "cosine", "min_lr_fraction", "1.5"), "min_lr_fraction=1.5");
        assertRefused(Map.of("warmup_rounds", "-1"), "warmup_rounds=-1");
    }

    @Test
    void refusesSettingsTheChoiceWouldIgnore() {
        assertRefused(Map.of("batch_size", "32"), "batch_size=32"); // gd is full batch
        assertRefused(Map.of("weight_decay", "0.1"), "weight_decay=0.1");
        assertRefused(Map.of("optimizer", "adam", "momentum", "0.9"), "momentum=0.9");
        assertRefused(Map.of("optimizer", "sgd", "adam_beta1", "0.9"), "adam_beta1=0.9");
        assertRefused(Map.of("optimizer", "adam", "early_stop", "true"), "early_stop=true");
        assertRefused(Map.of("schedule", "cosine", "step_every", "5"), "step_every=5");
        assertRefused(Map.of("min_lr_fraction", "0.1"), "min_lr_fraction=0.1");
    }

    @Test
    void courseWithoutEarlyStopIsAllowed() {
        TrainingSettings s = TrainingSettings.parse(Map.of("early_stop", "false"));
        assertTrue(s.isCourse());
        assertFalse(s.earlyStop());
    }

    private static void assertRefused(Map<String, String> settings, String mentioned) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingSettings.parse(settings), settings.toString());
        assertTrue(e.getMessage().contains(mentioned), "message '" + e.getMessage() + "' should name " + mentioned);
    }
}
