package mlptrainer.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
import org.junit.jupiter.api.Test;

/** A task's requests carry exactly what the task says, and replies come back as the task's shape or not at all. */
class TaskCodecTest {
    private static final MlpWeights START = MlpWeights.initUniform(3, 2, 4, 7L);

    private static TaskCodec.Task task(double[] mean, Map<String, String> settings, String cancelKey, long budgetMs) {
        return new TaskCodec.Task("d/train_letters2.txt", "abc", TaskCodec.RoundWeights.of(START), 4, 0.05, 9, 2,
                42L, mean, mean == null ? null : new double[] {3, 4, 5}, settings, "job 1 round 2/3 shard 2",
                cancelKey, budgetMs);
    }

    @Test
    void aRequestCarriesTheWeightsInExactlyOneFormAndEveryFieldOfTheTask() {
        TaskCodec.Task t = task(new double[] {1, 2, 0.5}, Map.of("optimizer", "adam"), "key", 1_500);
        TaskRequest lists = TaskCodec.request(t, false, "secret");
        TaskRequest packed = TaskCodec.request(t, true, "secret");
        assertTrue(lists.isSetInitial_weights() && !lists.isSetInitial_packed());
        assertTrue(packed.isSetInitial_packed() && !packed.isSetInitial_weights());
        assertEquals(START, WireWeights.fromWire(lists.getInitial_weights(), 2, 4));
        assertEquals(START, WireWeights.unpack(packed.bufferForInitial_packed(), 2, 4));
        for (TaskRequest r : List.of(lists, packed)) {
            assertEquals("d/train_letters2.txt", r.getTraining_file());
            assertEquals("abc", r.getShard_sha256());
            assertEquals(4, r.getK());
            assertEquals(2, r.getH());
            assertEquals(0.05, r.getEta());
            assertEquals(9, r.getEpochs());
            assertEquals(2, r.getScheduling_policy());
            assertEquals(42L, r.getShuffle_seed());
            assertEquals(List.of(1.0, 2.0, 0.5), r.getFeature_mean());
            assertEquals(List.of(3.0, 4.0, 5.0), r.getFeature_scale());
            assertEquals(Map.of("optimizer", "adam"), r.getSettings());
            assertEquals("secret", r.getAuth_token());
            assertEquals("job 1 round 2/3 shard 2", r.getLabel());
            assertEquals("key", r.getCancel_key());
            assertEquals(1_500, r.getBudget_ms());
            assertFalse(r.isSetShard_bytes());
        }
        assertArrayEquals(new byte[] {9, 8}, TaskCodec.request(t, true, "secret", new byte[] {9, 8}).getShard_bytes());
    }

    @Test
    void whatTheTaskDoesNotHaveIsNotSentAtAll() {
        TaskRequest r = TaskCodec.request(task(null, Map.of(), null, 0), true, "");
        assertFalse(r.isSetAuth_token(), "no token: none sent");
        assertFalse(r.isSetSettings(), "no settings: the original's nodes can run it");
        assertFalse(r.isSetFeature_mean() || r.isSetFeature_scale());
        assertFalse(r.isSetCancel_key());
        assertFalse(r.isSetBudget_ms());
    }

    @Test
    void repliesComeBackInTheFormSentAndRejectionsWithoutDeltas() {
        TaskCodec.Task t = task(null, Map.of(), "key", 10);
        MlpWeights deltas = MlpWeights.initUniform(3, 2, 4, 8L);
        TaskResult packed = new TaskResult(true, 0.25, null, 7, 1.0, 5L).setDeltas_packed(WireWeights.pack(deltas));
        TaskCodec.Reply fromPacked = TaskCodec.reply(packed, t);
        assertEquals(new TaskCodec.Reply(true, deltas, 0.25, 7), fromPacked);
        TaskResult lists = new TaskResult(true, 0.5, WireWeights.toWire(deltas), 3, 1.0, 5L);
        assertEquals(new TaskCodec.Reply(true, deltas, 0.5, 3), TaskCodec.reply(lists, t));
        assertEquals(new TaskCodec.Reply(true, deltas, 0.75, 0),
                TaskCodec.reply(new TrainResult(true, 0.75, WireWeights.toWire(deltas)), t));
        assertNull(TaskCodec.reply(new TaskResult(false, 0, null, 0, 0, 0L), t).deltas());
        assertFalse(TaskCodec.reply(new TrainResult(false, 0, null), t).accepted());
    }

    @Test
    void deltasOfAnotherShapeAreRefused() {
        TaskCodec.Task t = task(null, Map.of(), null, 0);
        MlpWeights wrongD = MlpWeights.zeros(4, 2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskCodec.reply(
                new TaskResult(true, 0.1, null, 1, 1.0, 1L).setDeltas_packed(WireWeights.pack(wrongD)), t));
        assertEquals("the deltas are for d=4 inputs, the task's weights d=3", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TaskCodec.reply(new TrainResult(true, 0.1, WireWeights.toWire(wrongD)), t));
    }
}
