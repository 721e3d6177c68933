package mlptrainer.data;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import mlptrainer.Untrusted;

/**
 * The directory a server reads data from. Requested paths are resolved against it, and a path that
 * leads outside it, by "..", by being absolute elsewhere or through a symbolic link, is refused.
 * Immutable and thread-safe.
 */
public final class DataRoot {
    /** The longest path resolved, once normalised: Linux's PATH_MAX, beyond which no file can be named. */
    public static final int MAX_PATH_CHARS = 4096;
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
     * @throws DataException when the path is malformed or leads outside the root; the message names the
     *         path as requested (shortened by {@link Untrusted#shown}), never the root's own path, and is
     *         the same whether or not a path outside the root exists
     */
    public Path resolve(String requested) throws DataException {
        if (requested == null || requested.isEmpty() || requested.indexOf('\0') >= 0) {
            throw new DataException("'" + Untrusted.shown(requested) + "': not a valid path");
        }
        Path candidate;
        try {
            candidate = root.resolve(requested).normalize();
        } catch (InvalidPathException e) {
            throw new DataException("'" + Untrusted.shown(requested) + "': not a valid path");
        }
        if (candidate.toString().length() > MAX_PATH_CHARS) {
            // checked before any file system call: resolving links costs a call per path element
            throw new DataException("'" + Untrusted.shown(requested) + "': not a valid path (longer than "
                    + MAX_PATH_CHARS + " characters)");
        }
        Path real = realPathOfExistingPart(candidate);
        if (real == null && candidate.startsWith(root)) {
            throw new DataException("'" + Untrusted.shown(requested) + "': cannot resolve its links");
        }
        if (real == null || !real.startsWith(root)) {
            throw new DataException("'" + Untrusted.shown(requested)
                    + "' is outside the data root (start the server with --data-root to allow it)");
        }
        return real;
    }

    /**
     * The one name of a directory or file however it is spelt ("letters/", "letters/../letters", an
     * absolute path or a link inside the root): the key of guards, caches and checkpoints.
     *
     * @return {@code requested} resolved (see {@link #resolve}) and shown relative to the root, "." for the root
     */
    public String canonicalName(String requested) throws DataException {
        return relative(resolve(requested));
    }

    /** @return a path inside the root as messages to peers show it: relative to the root, "." for the root */
    public String relative(Path inside) {
        Path rel = root.relativize(inside);
        return rel.toString().isEmpty() ? "." : rel.toString();
    }

    /**
     * Why a file operation failed, for a message to a peer: the reason without the paths an
     * IOException's message carries (they are absolute, and would show the root).
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getClass().getSimpleName();
    }

    /**
     * Resolves links along the longest existing prefix, so a missing file still gets a clear "no such file".
     *
     * @return the real path, or null when it cannot be resolved (the caller's message gives no detail a peer
     *         could probe the file system with)
     */
    private static Path realPathOfExistingPart(Path candidate) {
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
            return null;
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
