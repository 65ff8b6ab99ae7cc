package dev.bnn.examples.cli;

import dev.bnn.infer.InferenceModel;
import dev.bnn.kernels.Parallelism;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bnn freeze}: turns a model written by {@code bnn train} into a frozen, bit-packed inference
 * model (bnn-infer; {@code docs/deploy-format.md}) that predicts exactly what the trained network
 * predicts in evaluation mode, and prints its summary.
 */
@Command(name = "freeze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Freeze a trained model into a bit-packed inference model (weights as bits, batch norm + sign as "
            + "integer thresholds), which predicts exactly what the trained network predicts.",
            "Prints the summary and the file written."})
public final class FreezeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR_OR_MODEL", description = "A bnn train output folder or its model.safetensors.")
    Path model;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write (default: model.frozen.safetensors beside the model).")
    Path out;

    @Option(names = "--first-layer", paramLabel = "MODE", defaultValue = "float", description = "float (default: the "
            + "training layer's float product, identical predictions) or bitplanes (8-bit pixels as 8 bit planes through the "
            + "XNOR kernel, exact integer sums: may differ from the float network near a threshold; BNN MLPs only).")
    String firstLayer;

    @Override
    public Integer call() throws Exception {
        if (!firstLayer.equals("float") && !firstLayer.equals("bitplanes")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--first-layer is float or bitplanes, not " + firstLayer);
        }
        Path file = Deploy.modelFile(model);
        Path target = out != null ? out : file.resolveSibling(Deploy.FROZEN_FILE);
        if (Files.isDirectory(target)) {
            throw new UserException("--out " + target + " is a folder; give a file name");
        }
        InferenceModel m;
        try (Parallelism single = Parallelism.singleThread()) {
            try {
                m = Deploy.freezeTo(file, target, firstLayer.equals("bitplanes"), single);
            } catch (IllegalArgumentException e) {
                throw new UserException(file + ": " + e.getMessage());
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        o.print(m.summary());
        o.printf(Locale.ROOT, "wrote %s (%d bytes; %s has %d bytes, %.1fx larger); input: %s%n", target, Files.size(target),
                file, Files.size(file), (double) Files.size(file) / Files.size(target), m.metadata().get(Deploy.INPUT_KEY));
        o.flush();
        return 0;
    }
}
