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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mlptrainer.Untrusted;
import mlptrainer.data.DataException;
import mlptrainer.data.DataRoot;
import mlptrainer.data.Hashing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where checkpoints live: one file per job, named by the job's id and a key of its data directory
 * ({@code checkpoint-<dir key>-job<id>.bin}), replaced atomically after every round (written to a
 * temporary file, forced to disk, renamed over the old one), so a crash leaves either the previous
 * checkpoint or the new one, never a torn file. Several jobs on one directory (a sweep of settings)
 * each keep their own. A directory is keyed by its canonical name ({@link DataRoot#canonicalName}),
 * so "letters/" and "letters/../letters" are one directory when a resume looks for its checkpoint.
 * A job's last round removes its checkpoint instead of writing one: a finished job has nothing to
 * resume. Checkpoints of jobs that failed or were cancelled stay for a resume, at most {@link #KEPT}
 * of them, the least recently written removed first. Files of the earlier one-per-directory layout
 * ({@code checkpoint-<dir key>.bin}) are still found by a resume. Thread-safe for different jobs;
 * one thread saves a given job's checkpoint.
 */
final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    /** The most checkpoints kept; beyond it the least recently written are removed. */
    static final int KEPT = 32;
    private static final String PREFIX = "checkpoint-";
    private static final String JOB_PART = "-job";
    /** A checkpoint's file name: the directory's key, then the job's id (absent in the per-directory layout). */
    private static final Pattern FILE_NAME = Pattern.compile("checkpoint-([0-9a-f]{16})(?:-job([0-9]{1,9}))?\\.bin");
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

    private String dirKey(String dataDir) {
        return Hashing.sha256Hex(canonicalDir(dataDir).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** @return the file of job {@code jobId}'s checkpoint on {@code dataDir} */
    Path pathFor(String jobId, String dataDir) {
        return dir.resolve(PREFIX + dirKey(dataDir) + JOB_PART + jobId + ".bin");
    }

    /** @return the job id a checkpoint file's name carries, or null for a file of the per-directory layout */
    private static String jobIdOf(Path file) {
        Matcher m = FILE_NAME.matcher(file.getFileName().toString());
        return m.matches() ? m.group(2) : null;
    }

    /** @return the highest job id among the kept checkpoints, 0 when none: new jobs take higher ids */
    int highestJobId() {
        int highest = 0;
        for (Path p : checkpointFiles()) {
            String id = jobIdOf(p);
            if (id != null) {
                highest = Math.max(highest, Integer.parseInt(id));
            }
        }
        return highest;
    }

    /** Writes job {@code jobId}'s checkpoint of a round, or removes it after the job's last round. */
    void save(String jobId, Checkpoint c) throws IOException {
        Path target = pathFor(jobId, c.spec().dir());
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
        List<Path> files = newestFirst(checkpointFiles());
        for (Path old : files.subList(Math.min(KEPT, files.size()), files.size())) {
            if (!old.equals(keep) && deleteQuietly(old)) {
                LOG.info("checkpoints: removed {}, beyond the {} most recent kept", old.getFileName(), KEPT);
            }
        }
    }

    /** @return the checkpoint files, without the temporary files of saves in progress (another job's, maybe) */
    private List<Path> checkpointFiles() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> FILE_NAME.matcher(p.getFileName().toString()).matches()).toList();
        } catch (IOException e) {
            LOG.warn("checkpoints: cannot list the checkpoint directory: {}", e.getMessage());
            return List.of();
        }
    }

    private static List<Path> newestFirst(List<Path> files) {
        List<Path> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparingLong(CheckpointStore::modifiedMillis).reversed());
        return sorted;
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
     * A checkpoint a resume found.
     *
     * @param jobId      the job that wrote it, or null for a file of the per-directory layout
     * @param checkpoint its content
     * @param file       where it is
     */
    record Found(String jobId, Checkpoint checkpoint, Path file) {
    }

    /**
     * Finds the most recently written checkpoint of this request on this data: the request's
     * directory's checkpoints are tried newest first.
     *
     * @param spec     the request to resume
     * @param dataHash the hash of the data it would train on now
     * @return the checkpoint, or null when there is none for this data directory
     * @throws DataException when there are some but none fits: the newest one's problem (damaged,
     *                       made for another request or on other data)
     */
    Found loadMatching(JobSpec spec, String dataHash) throws DataException {
        String key = dirKey(spec.dir());
        DataException newestProblem = null;
        for (Path path : newestFirst(checkpointFiles())) {
            if (!path.getFileName().toString().startsWith(PREFIX + key)) {
                continue;
            }
            try {
                return new Found(jobIdOf(path), checked(path, spec, dataHash), path);
            } catch (DataException e) {
                newestProblem = newestProblem == null ? e : newestProblem;
            }
        }
        if (newestProblem != null) {
            throw newestProblem;
        }
        return null;
    }

    /** @throws DataException when the file is damaged, or made for another request or other data */
    private static Checkpoint checked(Path path, JobSpec spec, String dataHash) throws DataException {
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

    /**
     * Makes a checkpoint of the per-directory layout job {@code jobId}'s, so that the resumed job
     * replaces it rather than leaving it for another resume.
     */
    void adopt(Found found, String jobId) throws IOException {
        move(found.file(), pathFor(jobId, found.checkpoint().spec().dir()));
    }
}
