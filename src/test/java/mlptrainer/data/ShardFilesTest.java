package mlptrainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardFilesTest {
    @TempDir
    Path dir;

    @Test
    void shardsAreOrderedByTheirNumberNotAlphabetically() throws Exception {
        for (String f : new String[] {"train_letters10.txt", "train_letters2.txt", "train_letters1.txt",
                "validate_letters.txt", "train_letters_x.txt", "train_letters3.csv", "notes.txt"}) {
            Files.writeString(dir.resolve(f), "1,0\n");
        }
        assertEquals(List.of("train_letters1.txt", "train_letters2.txt", "train_letters10.txt"),
                ShardFiles.trainingFiles(dir, "data"));
    }

    @Test
    void noTrainingFilesIsAnErrorNamingTheDirectory() throws Exception {
        Files.writeString(dir.resolve("validate_letters.txt"), "1,0\n");
        DataException e = assertThrows(DataException.class, () -> ShardFiles.trainingFiles(dir, "mydata"));
        assertTrue(e.getMessage().contains("mydata") && e.getMessage().contains("no training files"),
                e.getMessage());
    }

    @Test
    void missingDirectoryAndPlainFileAreErrors() throws Exception {
        DataException missing = assertThrows(DataException.class,
                () -> ShardFiles.trainingFiles(dir.resolve("gone"), "gone"));
        assertTrue(missing.getMessage().contains("gone: no such directory"), missing.getMessage());
        Path file = Files.writeString(dir.resolve("file"), "");
        DataException notDir = assertThrows(DataException.class, () -> ShardFiles.trainingFiles(file, "file"));
        assertTrue(notDir.getMessage().contains("not a directory"), notDir.getMessage());
    }

    @Test
    void shardNumber() {
        assertEquals(2, ShardFiles.shardNumber("train_letters2.txt"));
        assertEquals(10, ShardFiles.shardNumber("train_letters10.txt"));
        assertEquals(0, ShardFiles.shardNumber("validate_letters.txt"));
    }
}
