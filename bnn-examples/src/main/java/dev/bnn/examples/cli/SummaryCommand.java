package dev.bnn.examples.cli;

import dev.bnn.data.DatasetKind;
import dev.bnn.infer.InferenceModel;
import dev.bnn.train.io.ModelFile;
import dev.bnn.train.nn.Sequential;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bnn summary}: the per-layer summary of a model file. For a frozen file, the bytes of each
 * layer as stored (the total plus the header is the file's size, exactly); for a training file,
 * the network's parameters and MACs (its file holds float32 latent weights and training state).
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a model file's per-layer summary: precision, output shape, parameters by bit width, bytes, "
                + "MACs (binary / float), totals and compression.")
public final class SummaryCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A frozen model, a model.safetensors, or a bnn train folder.")
    Path model;

    @Override
    public Integer call() throws Exception {
        Path file = Deploy.modelFile(model);
        PrintWriter out = spec.commandLine().getOut();
        long size = Files.size(file);
        if (Deploy.isFrozen(file)) {
            try (InferenceModel m = InferenceModel.load(file, 1)) {
                out.print(m.summary());
                out.printf(Locale.ROOT, "%s: frozen model, %d bytes; input: %s%n", file, size,
                        m.metadata().getOrDefault(Deploy.INPUT_KEY, "samples of shape " + java.util.Arrays.toString(m.inputShape())));
            }
        } else {
            ModelFile.Contents c = ModelFile.load(file);
            String dataset = c.metadata().get(RunData.DATASET_KEY);
            if (dataset == null || !(c.network() instanceof Sequential net)) {
                throw new UserException(file + " does not say which dataset it was trained on: its input shape is unknown");
            }
            out.print(net.summary(DatasetKind.fromName(dataset).exampleShape()));
            out.printf(Locale.ROOT, "%s: training model (float32 latent weights and training state), %d bytes; "
                    + "bnn freeze makes the deployable file%n", file, size);
        }
        out.flush();
        return 0;
    }
}
