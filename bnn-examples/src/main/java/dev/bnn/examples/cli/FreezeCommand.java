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

    @Option(names = "--first-layer", paramLabel = "MODE", defaultValue = "auto", description = "float (the training "
            + "layer's float product: identical scores on any input), bitplanes (8-bit pixels as 8 bit planes through the XNOR "
            + "kernel, exact integer sums, which may differ from the float sums near a threshold; BNN MLPs on pixel-scaled "
            + "input) or auto (default: bit planes when they give scores identical to float on the whole test split, else "
            + "float; reads the test split).")
    String firstLayer;

    @CommandLine.Mixin
    DataOptions dataOptions;

    @Override
    public Integer call() throws Exception {
        Deploy.FirstLayer mode;
        try {
            mode = Deploy.FirstLayer.parse(firstLayer);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path file = Deploy.modelFile(model);
        Path target = out != null ? out : file.resolveSibling(Deploy.FROZEN_FILE);
        if (Files.isDirectory(target)) {
            throw new UserException("--out " + target + " is a folder; give a file name");
        }
        Deploy.Frozen frozen;
        try (Parallelism single = Parallelism.singleThread()) {
            try {
                frozen = Deploy.freezeTo(file, target, mode, mode == Deploy.FirstLayer.AUTO ? Deploy.testSet(file, dataOptions) : null,
                        single);
            } catch (IllegalArgumentException e) {
                throw new UserException(file + ": " + e.getMessage());
            }
        }
        InferenceModel m = frozen.model();
        PrintWriter o = spec.commandLine().getOut();
        o.print(m.summary());
        o.println(frozen.firstLayer());
        o.printf(Locale.ROOT, "wrote %s (%d bytes; %s has %d bytes, %.1fx larger); input: %s%n", target, Files.size(target),
                file, Files.size(file), (double) Files.size(file) / Files.size(target), m.metadata().get(Deploy.INPUT_KEY));
        o.flush();
        return 0;
    }
}
