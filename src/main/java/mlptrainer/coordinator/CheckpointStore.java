package mlptrainer.coordinator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import mlptrainer.Untrusted;
import mlptrainer.data.DataException;
import mlptrainer.data.DataRoot;
import mlptrainer.data.Hashing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where checkpoints live: one file per data directory, replaced atomically after every round
 * (written to a temporary file, forced to disk, renamed over the old one), so a crash leaves
 * either the previous checkpoint or the new one, never a torn file. A directory is keyed by its
 * canonical name ({@link DataRoot#canonicalName}), so "letters/" and "letters/../letters" share one
 * checkpoint. A job's last round removes its directory's checkpoint instead of writing one: a
 * finished job has nothing to resume. Checkpoints of jobs that failed or were cancelled stay for a
 * resume, at most {@link #KEPT} of them, the least recently written removed first. Thread-safe for
 * different data directories; one job per directory at a time.
 */
final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    /** The most checkpoints kept; beyond it the least recently written are removed. */
    static final int KEPT = 32;
    private static final String PREFIX = "checkpoint-";
    private final Path dir;
    private final DataRoot root;

    /**
     * @param dir  the directory, created when missing
     * @param root data directories are canonicalised against it; null keys them by their normalised name only
     */
    CheckpointStore(Path dir, DataRoot root) {
        this.dir = dir;
        this.root = root;
        removeLeftovers();
    }

    /** Temporary files of a coordinator that stopped mid-write: removed at the start only, as a running save writes one. */
    private void removeLeftovers() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(CheckpointStore::isTemporary).forEach(CheckpointStore::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("checkpoints: cannot list the checkpoint directory: {}", e.getMessage());
        }
    }

    private static boolean isTemporary(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(".tmp");
    }

    /** As {@link #CheckpointStore(Path, DataRoot)} without a data root. */
    CheckpointStore(Path dir) {
        this(dir, null);
    }

    /** @return the one name of a data directory however it is spelt; the name as given when it cannot be resolved */
    String canonicalDir(String dataDir) {
        try {
            return root == null ? Path.of(dataDir).normalize().toString() : root.canonicalName(dataDir);
        } catch (DataException | RuntimeException e) {
            return dataDir;
        }
    }

    Path pathFor(String dataDir) {
        String key = Hashing.sha256Hex(canonicalDir(dataDir).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return dir.resolve(PREFIX + key + ".bin");
    }

    /** Writes the checkpoint of a round, or removes the directory's checkpoint after the job's last round. */
    void save(Checkpoint c) throws IOException {
        Path target = pathFor(c.spec().dir());
        if (c.roundsDone() >= c.spec().rounds()) {
            Files.deleteIfExists(target);
            return;
        }
        Files.createDirectories(dir);
        boolean added = !Files.exists(target);
        Path tmp = Files.createTempFile(dir, PREFIX, ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                withCanonicalDir(c).writeTo(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16));
                ch.force(true);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceDirectory();
        if (added) {
            removeBeyondLimit(target);
        }
    }

    /** The checkpoint records the directory's canonical name: short, and the same however the client spelt it. */
    private Checkpoint withCanonicalDir(Checkpoint c) {
        JobSpec s = c.spec();
        JobSpec spec = new JobSpec(canonicalDir(s.dir()), s.rounds(), s.epochs(), s.h(), s.k(), s.eta(), s.settings(),
                false);
        return new Checkpoint(spec, c.dataHash(), c.roundsDone(), c.last(), c.best(), c.bestRound(), c.bestError(),
                c.rounds());
    }

    /** Keeps the {@link #KEPT} most recently written checkpoints (and {@code keep}). */
    private void removeBeyondLimit(Path keep) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> p.getFileName().toString().startsWith(PREFIX)).forEach(files::add);
        } catch (IOException e) {
            LOG.warn("checkpoints: cannot list the checkpoint directory: {}", e.getMessage());
            return;
        }
        files.removeIf(CheckpointStore::isTemporary); // another job's save may be writing it now
        files.sort(Comparator.comparingLong(CheckpointStore::modifiedMillis).reversed());
        for (Path old : files.subList(Math.min(KEPT, files.size()), files.size())) {
            if (!old.equals(keep) && deleteQuietly(old)) {
                LOG.info("checkpoints: removed {}, beyond the {} most recent kept", old.getFileName(), KEPT);
            }
        }
    }

    private static long modifiedMillis(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    private static boolean deleteQuietly(Path p) {
        try {
            return Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("checkpoints: cannot delete {}: {}", p.getFileName(), e.getMessage());
            return false;
        }
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
        Path name = path.getFileName(); // a caller may be remote: the coordinator's own paths are not its business
        Checkpoint c;
        try {
            c = Checkpoint.fromBytes(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new DataException("checkpoint " + name + " is unusable: " + e.getMessage()
                    + "; delete it to start over");
        }
        // the file is this directory's (its key is the canonical name): its spelling in the request may differ
        JobSpec saved = new JobSpec(spec.dir(), c.spec().rounds(), c.spec().epochs(), c.spec().h(),
                c.spec().k(), c.spec().eta(), c.spec().settings(), spec.resume());
        if (!saved.equals(spec)) {
            throw new DataException("checkpoint " + name + " was made for another request (" + c.spec()
                    + "); resume with the same arguments or delete it");
        }
        if (!c.dataHash().equals(dataHash)) {
            throw new DataException("checkpoint " + name + " was made on other data (the files in "
                    + Untrusted.shown(spec.dir())
                    + " changed since); delete it to start over");
        }
        return c;
    }
}
