package dev.bnn.core.io;

import java.io.IOException;
import java.nio.file.Path;

/** A model file (training or frozen) that cannot be loaded, with the {@link Problem} that says why. */
public final class ModelFileException extends IOException {
    /** What is wrong with the file. */
    public enum Problem {
        /** Not a safetensors file, or a safetensors file that is not a bnn model. */
        NOT_A_MODEL("not a bnn model file"),
        /** Shorter than its header says: an interrupted copy or download. */
        TRUNCATED("truncated"),
        /** Inconsistent header or tensor bytes that do not match the stored SHA-256. */
        CORRUPT("corrupt"),
        /** A bnn model file of a format version this reader does not read. */
        WRONG_VERSION("wrong format version"),
        /** Its network is not the expected one, or cannot be rebuilt from its architecture. */
        WRONG_ARCHITECTURE("wrong architecture");

        private final String description;

        Problem(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private final Problem problem;

    public ModelFileException(Path file, Problem problem, String detail) {
        super(file + ": " + problem + ": " + detail);
        this.problem = problem;
    }

    public ModelFileException(Path file, Problem problem, String detail, Throwable cause) {
        super(file + ": " + problem + ": " + detail, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
