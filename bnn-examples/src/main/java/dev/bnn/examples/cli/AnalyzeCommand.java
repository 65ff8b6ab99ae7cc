package dev.bnn.examples.cli;

import dev.bnn.core.Dataset;
import dev.bnn.data.DatasetKind;
import dev.bnn.data.Split;
import dev.bnn.data.preprocess.Preprocessor;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.analysis.Angles;
import dev.bnn.train.analysis.DotProducts;
import dev.bnn.train.analysis.Rotation;
import dev.bnn.train.io.ModelFile;
import dev.bnn.train.nn.Sequential;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bnn analyze}: the geometry of binarization in a trained network (Anderson and Berg 2018):
 * the angle between each binary layer's latent weight vectors and their signs against Gaussian
 * vectors of the same dimension, and how well the binarized dot products track the continuous
 * ones on test images. {@code --synthetic}: the random-rotation experiment. Writes a markdown
 * report, JSON and PNG figures.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The geometry of binarization (Anderson and Berg 2018): angles between weights and their signs, "
            + "dot-product correlations per binary layer, or (--synthetic) random rotations.",
            "Writes geometry.md, geometry.json and PNG figures to --out."})
public final class AnalyzeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DataOptions dataOptions;

    @Option(names = "--model", paramLabel = "FILE", description = "A training model file (model.safetensors) or a bnn train "
            + "folder; frozen files hold no latent weights.")
    Path model;

    @Option(names = "--synthetic", description = "Run the random-rotation experiment on synthetic Gaussian inputs instead.")
    boolean synthetic;

    @Option(names = "--dataset", paramLabel = "NAME", description = "The test images (default: the model's dataset).")
    String dataset;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "500", description = "Test images run through the network "
            + "(default 500).")
    int samples;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "20000", description = "(input row, unit) pairs per layer "
            + "for the correlations (default 20000; 2000 of them are plotted).")
    int pairs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the sampling and the references.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: geometry/ beside the model, or "
            + "geometry-synthetic/ in the working folder).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (synthetic) {
            Path dir = out != null ? out : Path.of("geometry-synthetic");
            List<Rotation.Point> points = new java.util.ArrayList<>();
            int[] dims = {16, 32, 64, 128, 256, 512};
            for (Rotation.Inputs kind : Rotation.Inputs.values()) {
                points.addAll(Rotation.experiment(kind, dims, 16, 200, seed));
            }
            GeometryReport.writeSynthetic(dir, points);
            for (Rotation.Point p : points) {
                o.printf(Locale.ROOT, "%s d=%d: sign(u) %.2f +- %.2f degrees, R^T sign(R u) %.2f +- %.2f%n",
                        p.inputs().name().toLowerCase(Locale.ROOT), p.dimension(), p.plainMean(), p.plainStd(), p.rotatedMean(),
                        p.rotatedStd());
            }
            o.printf("wrote %s%n", dir.resolve("rotation.md"));
            o.flush();
            return 0;
        }
        if (model == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --model FILE (or --synthetic)");
        }
        if (samples < 1 || pairs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--samples and --pairs must be positive");
        }
        Path file = Deploy.modelFile(model);
        if (Deploy.isFrozen(file)) {
            throw new UserException(file + " is a frozen model: its weights are signs only; analyze the training model "
                    + "(model.safetensors), whose latent weights it measures");
        }
        ModelFile.Contents c = ModelFile.load(file);
        if (!(c.network() instanceof Sequential net)) {
            throw new UserException(file + " holds a " + c.network() + ", not a Sequential network");
        }
        String name = dataset != null ? dataset : c.metadata().get(RunData.DATASET_KEY);
        if (name == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), file + " does not say its dataset: give --dataset");
        }
        DatasetKind kind = DatasetKind.fromName(name);
        Preprocessor pre = RunData.preprocessorOf(c.metadata(), c.extraTensors(), file);
        Dataset test = RunData.load(dataOptions.datasets(), kind, Split.TEST, samples);
        List<Angles.Layer> angles;
        List<DotProducts.Layer> dots;
        try (Parallelism p = Parallelism.threads(Runtime.getRuntime().availableProcessors())) {
            pre.apply(test, p);
            net.setParallelism(p);
            angles = Angles.of(net, 40, seed);
            dots = DotProducts.of(net, test.inputs(), pairs, 2000, seed);
        } catch (IllegalArgumentException e) {
            throw new UserException(file + ": " + e.getMessage());
        } finally {
            net.setParallelism(Parallelism.singleThread());
        }
        Path dir = out != null ? out : file.toAbsolutePath().getParent().resolve("geometry");
        String title = "Geometry of " + c.metadata().getOrDefault(RunData.MODEL_KEY, "a network") + " (" + file.getFileName()
                + ", " + kind.folder() + ")";
        String setup = String.format(Locale.ROOT, "Angles: every output unit (filter) of each binary layer, its latent weight "
                + "against sign(w), beside as many Gaussian vectors of the same d. Dot products: the network in evaluation "
                + "mode as trained (all binary layers binarized), the activations a read at each binary layer's input (after "
                + "the previous sign or hard tanh; the first layer's a is the preprocessed image; a convolution's rows are its "
                + "patches, padded as the layer pads: +1 for a BNN convolution, else 0), on the first %d %s test images, %d sampled (row, unit) pairs per layer; seed %d.",
                test.size(), kind.folder(), pairs, seed);
        GeometryReport.write(dir, title, setup, angles, dots);
        for (int k = 0; k < angles.size(); k++) {
            Angles.Layer a = angles.get(k);
            DotProducts.Layer d = dots.get(k);
            o.printf(Locale.ROOT, "layer %d (d = %d): angle %.2f +- %.2f degrees (Gaussian %.2f +- %.2f); r(w.a, sign(w).a) "
                    + "%.4f, r(sign(w).a, sign(w).sign(a)) %.4f%n", a.index(), a.dimension(), a.weights().mean(),
                    a.weights().std(), a.reference().mean(), a.reference().std(), d.weightsR(), d.activationsR());
        }
        o.printf("wrote %s%n", dir.resolve(GeometryReport.REPORT));
        o.flush();
        return 0;
    }
}
