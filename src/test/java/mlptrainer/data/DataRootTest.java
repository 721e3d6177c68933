package mlptrainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRootTest {
    @TempDir
    Path tmp;
    Path rootDir;
    DataRoot root;

    @BeforeEach
    void setUp() throws Exception {
        rootDir = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(rootDir.resolve("data"));
        Files.writeString(rootDir.resolve("data/train_letters1.txt"), "1,0\n");
        Files.writeString(tmp.resolve("secret.txt"), "1,0\n");
        root = new DataRoot(rootDir);
    }

    private void assertRefused(String requested) {
        DataException e = assertThrows(DataException.class, () -> root.resolve(requested));
        assertTrue(e.getMessage().contains("outside the data root"), e.getMessage());
    }

    @Test
    void resolvesRelativePathsInside() throws Exception {
        assertEquals(rootDir.toRealPath().resolve("data/train_letters1.txt"), root.resolve("data/train_letters1.txt"));
        assertEquals(rootDir.toRealPath().resolve("data/train_letters1.txt"),
                root.resolve("data/../data/./train_letters1.txt"));
    }

    @Test
    void missingFileInsideResolvesSoTheReaderCanSayNoSuchFile() throws Exception {
        assertEquals(rootDir.toRealPath().resolve("data/missing/x.txt"), root.resolve("data/missing/x.txt"));
    }

    @Test
    void absolutePathInsideIsAllowed() throws Exception {
        String inside = rootDir.resolve("data/train_letters1.txt").toAbsolutePath().toString();
        assertEquals(rootDir.toRealPath().resolve("data/train_letters1.txt"), root.resolve(inside));
    }

    @Test
    void oneDirectoryHasOneCanonicalNameHoweverItIsSpelt() throws Exception {
        Files.createSymbolicLink(rootDir.resolve("alias"), rootDir.resolve("data"));
        for (String spelling : List.of("data", "data/", "data/../data", "./data/.", "alias",
                rootDir.resolve("data").toAbsolutePath().toString())) {
            assertEquals("data", root.canonicalName(spelling), spelling);
        }
        assertEquals(".", root.canonicalName("."));
        assertEquals("data/missing", root.canonicalName("data/x/../missing"));
    }

    @Test
    void refusalsNeverShowTheRootNorTellWhetherAPathOutsideExists() throws Exception {
        String shown = null;
        for (String outside : List.of("../secret.txt", "../no-such.txt", tmp.resolve("secret.txt").toString(),
                tmp.resolve("no-such.txt").toString())) {
            String message = assertThrows(DataException.class, () -> root.resolve(outside)).getMessage();
            assertFalse(message.contains(rootDir.toRealPath().toString()), message);
            String shape = message.replace(outside, "PATH");
            assertTrue(shown == null || shown.equals(shape), shown + " / " + shape);
            shown = shape;
        }
    }

    @Test
    void refusesPathsLongerThanAnyFileCanHaveBeforeTouchingTheDisk() {
        DataException e = assertThrows(DataException.class, () -> root.resolve("x/".repeat(50_000) + "f.txt"));
        assertTrue(e.getMessage().contains("longer than " + DataRoot.MAX_PATH_CHARS), e.getMessage());
        assertTrue(e.getMessage().length() < 400, "message of " + e.getMessage().length() + " characters");
    }

    @Test
    void refusesDotDot() {
        assertRefused("../secret.txt");
        assertRefused("data/../../secret.txt");
    }

    @Test
    void refusesAbsolutePathOutside() {
        assertRefused(tmp.resolve("secret.txt").toAbsolutePath().toString());
        assertRefused("/etc/passwd");
    }

    @Test
    void refusesSymlinkLeadingOut() throws Exception {
        Files.createSymbolicLink(rootDir.resolve("link.txt"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(rootDir.resolve("outdir"), tmp);
        assertRefused("link.txt");
        assertRefused("outdir/secret.txt");
        assertRefused("outdir/not-there-yet.txt");
    }

    @Test
    void symlinkInsideTheRootIsFine() throws Exception {
        Files.createSymbolicLink(rootDir.resolve("alias"), rootDir.resolve("data"));
        assertEquals(rootDir.toRealPath().resolve("data/train_letters1.txt"), root.resolve("alias/train_letters1.txt"));
    }

    @Test
    void refusesEmptyAndNulPaths() {
        assertThrows(DataException.class, () -> root.resolve(""));
        assertThrows(DataException.class, () -> root.resolve(null));
        assertThrows(DataException.class, () -> root.resolve("a\0b"));
    }

    @Test
    void rootMustExist() {
        assertThrows(IllegalArgumentException.class, () -> new DataRoot(tmp.resolve("nope")));
    }
}
