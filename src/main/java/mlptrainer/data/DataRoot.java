package mlptrainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The directory a server reads data from. Requested paths are resolved against it, and a path that
 * leads outside it, by "..", by being absolute elsewhere or through a symbolic link, is refused.
 * Immutable and thread-safe.
 */
public final class DataRoot {
    private final Path root;

    /** @param root the directory; it must exist */
    public DataRoot(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("data root " + root + " does not exist");
        }
        if (!Files.isDirectory(this.root)) {
            throw new IllegalArgumentException("data root " + root + " is not a directory");
        }
    }

    /** The current working directory, as the original resolves paths. */
    public static DataRoot workingDirectory() {
        return new DataRoot(Path.of("").toAbsolutePath());
    }

    public Path path() {
        return root;
    }

    /**
     * @param requested a path as a peer sent it, relative to the root or absolute
     * @return the real path inside the root (the file need not exist; its parent's links are resolved)
     * @throws DataException when the path is malformed or leads outside the root
     */
    public Path resolve(String requested) throws DataException {
        if (requested == null || requested.isEmpty() || requested.indexOf('\0') >= 0) {
            throw new DataException("'" + requested + "': not a valid path");
        }
        Path candidate;
        try {
            candidate = root.resolve(requested).normalize();
        } catch (InvalidPathException e) {
            throw new DataException("'" + requested + "': not a valid path");
        }
        Path real = realPathOfExistingPart(candidate);
        if (!real.startsWith(root)) {
            throw new DataException("'" + requested + "' is outside the data root " + root
                    + " (start the server with --data-root to allow it)");
        }
        return real;
    }

    /** Resolves links along the longest existing prefix, so a missing file still gets a clear "no such file". */
    private static Path realPathOfExistingPart(Path candidate) throws DataException {
        Path existing = candidate;
        Path rest = null;
        while (existing != null && !Files.exists(existing)) {
            Path name = existing.getFileName();
            rest = rest == null ? name : name.resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return candidate;
        }
        try {
            Path real = existing.toRealPath();
            return rest == null ? real : real.resolve(rest);
        } catch (IOException e) {
            throw new DataException(candidate + ": cannot resolve: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
