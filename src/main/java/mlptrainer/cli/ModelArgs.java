package mlptrainer.cli;

import java.nio.file.Path;
import mlptrainer.client.ModelFile;
import mlptrainer.client.ModelFileException;
import mlptrainer.client.SavedModel;

/** Loads a model file for the model commands, turning every failure into a one-line {@link UserException}. */
final class ModelArgs {
    private ModelArgs() {
    }

    static SavedModel load(Path file) {
        TextFiles.requireText(file, "a model file (give a file written by 'client --save-model')");
        try {
            return ModelFile.read(file, file.toString());
        } catch (ModelFileException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage()
                    + " (give a file written by 'client --save-model', see docs/model-format.md)", e);
        }
    }
}
