package mlptrainer.coordinator;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import mlptrainer.data.Hashing;
import mlptrainer.data.DataException;

/**
 * Where checkpoints live: one file per data directory, replaced atomically after every round
 * (written to a temporary file, forced to disk, renamed over the old one), so a crash leaves
 * either the previous checkpoint or the new one, never a torn file. Thread-safe for different
 * data directories; one job per directory at a time.
 */
final class CheckpointStore {
    private final Path dir;

    /** @param dir the directory, created when missing */
    CheckpointStore(Path dir) {
        this.dir = dir;
    }

    Path pathFor(String dataDir) {
        String key = Hashing.sha256Hex(dataDir.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return dir.resolve("checkpoint-" + key + ".bin");
    }

    void save(Checkpoint c) throws IOException {
        Files.createDirectories(dir);
        Path target = pathFor(c.spec().dir());
        Path tmp = Files.createTempFile(dir, "checkpoint-", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                c.writeTo(new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16));
                ch.force(true);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceDirectory();
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename itself durable; some platforms cannot open a directory, which is harmless. */
    private void forceDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the data itself was forced before the rename
        }
    }

    /**
     * @param spec     the request to resume
     * @param dataHash the hash of the data it would train on now
     * @return the checkpoint, or null when there is none for this data directory
     * @throws DataException when there is one but it is damaged or made for another request or data
     */
    Checkpoint loadMatching(JobSpec spec, String dataHash) throws DataException {
        Path path = pathFor(spec.dir());
        if (!Files.exists(path)) {
            return null;
        }
        Checkpoint c;
        try {
            c = Checkpoint.fromBytes(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new DataException("checkpoint " + path + " is unusable: " + e.getMessage()
                    + "; delete it to start over");
        }
        JobSpec saved = new JobSpec(c.spec().dir(), c.spec().rounds(), c.spec().epochs(), c.spec().h(),
                c.spec().k(), c.spec().eta(), c.spec().settings(), spec.resume());
        if (!saved.equals(spec)) {
            throw new DataException("checkpoint " + path + " was made for another request (" + c.spec()
                    + "); resume with the same arguments or delete it");
        }
        if (!c.dataHash().equals(dataHash)) {
            throw new DataException("checkpoint " + path + " was made on other data (the files in " + spec.dir()
                    + " changed since); delete it to start over");
        }
        return c;
    }
}
