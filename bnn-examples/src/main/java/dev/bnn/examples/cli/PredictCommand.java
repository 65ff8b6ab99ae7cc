package dev.bnn.examples.cli;

import dev.bnn.core.Tensor;
import dev.bnn.core.io.Json;
import dev.bnn.data.format.Idx;
import dev.bnn.infer.InferenceModel;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.io.ModelFile;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bnn predict}: classifies image files with a frozen model (or a training model, frozen in
 * memory). PNG/JPEG/GIF/BMP through {@link ImageIO}: resized (bilinear) to the model's input size
 * and converted to grey (luminance) or RGB as its channels need, each change said on stderr; or IDX
 * image files (MNIST's format), one prediction per image. One line per image: file, class, score.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify images (PNG/JPEG/GIF/BMP, or IDX image files) with a frozen model.",
            "Prints one line per image: file, predicted class, its score (one JSON object per line with --json)."})
public final class PredictCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ThreadOptions threadOptions;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A frozen model, a model.safetensors "
            + "(frozen in memory), or a bnn train folder (its model.frozen.safetensors, else its model.safetensors).")
    Path model;

    @Option(names = "--json", description = "One JSON object per image: file, index (within an IDX file), class, score, scores.")
    boolean json;

    @Parameters(paramLabel = "IMAGES", arity = "1..*", description = "Image files or IDX image files.")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        try (Parallelism p = Parallelism.threads(threadOptions.count()); InferenceModel m = open(p)) {
            int[] shape = m.inputShape();
            if (shape.length != 3) {
                throw new UserException(model + " takes vectors of " + shape[0] + " values, not images");
            }
            if (!Deploy.RAW_INPUT.equals(m.metadata().getOrDefault(Deploy.INPUT_KEY, Deploy.RAW_INPUT))) {
                spec.commandLine().getErr().println("bnn predict: warning: the model takes " + m.metadata().get(Deploy.INPUT_KEY));
            }
            PrintWriter out = spec.commandLine().getOut();
            for (Path file : images) {
                List<String> names = new ArrayList<>();
                Tensor batch = read(file, shape, names);
                Tensor scores = m.scores(batch);
                int[] classes = m.predict(batch);
                for (int i = 0; i < classes.length; i++) {
                    float score = scores.get(i, classes[i]);
                    if (json) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("file", file.toString());
                        if (classes.length > 1 || names.get(i).contains("#")) {
                            row.put("index", i);
                        }
                        row.put("class", classes[i]);
                        row.put("score", score);
                        List<Double> all = new ArrayList<>();
                        for (int k = 0; k < m.classes(); k++) {
                            all.add((double) scores.get(i, k));
                        }
                        row.put("scores", all);
                        out.println(Json.write(row));
                    } else {
                        out.printf(Locale.ROOT, "%s %d %.4f%n", names.get(i), classes[i], score);
                    }
                }
            }
            out.flush();
        }
        return 0;
    }

    /** The frozen model of --model, or a training model frozen in memory on {@code p}. */
    private InferenceModel open(Parallelism p) throws IOException {
        Path file = model;
        if (Files.isDirectory(model) && Files.isRegularFile(model.resolve(Deploy.FROZEN_FILE))) {
            file = model.resolve(Deploy.FROZEN_FILE);
        }
        file = Deploy.modelFile(file);
        if (Deploy.isFrozen(file)) {
            return InferenceModel.load(file, p.threads());
        }
        try {
            return Deploy.freeze(file, ModelFile.load(file), p);
        } catch (IllegalArgumentException e) {
            throw new UserException(file + ": " + e.getMessage());
        }
    }

    /** The images of one file as raw pixel values [n, H, W, C], and a name per image. */
    private Tensor read(Path file, int[] shape, List<String> names) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserException(file + ": not a readable file");
        }
        if (isIdx(file)) {
            Idx.UnsignedBytes idx = Idx.read(file, Idx.IMAGES_MAGIC);
            int[] d = idx.dims();
            int c = d.length == 4 ? d[3] : 1;
            if (d.length < 3 || d[1] != shape[0] || d[2] != shape[1] || c != shape[2]) {
                throw new UserException(file + ": IDX images of shape " + java.util.Arrays.toString(d) + " but the model takes "
                        + shape[0] + " x " + shape[1] + " x " + shape[2]);
            }
            float[] x = new float[idx.data().length];
            for (int i = 0; i < x.length; i++) {
                x[i] = idx.data()[i] & 0xff;
            }
            for (int i = 0; i < d[0]; i++) {
                names.add(file + "#" + i);
            }
            return Tensor.wrap(x, d[0], shape[0], shape[1], shape[2]);
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new UserException(file + ": not an image javax.imageio can read (PNG, JPEG, GIF, BMP) nor an IDX image file");
        }
        names.add(file.toString());
        return Tensor.wrap(pixels(file, image, shape), 1, shape[0], shape[1], shape[2]);
    }

    private static boolean isIdx(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".gz") || name.contains("-idx")) {
            return true;
        }
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 4) == 4 && head[0] == 0 && head[1] == 0 && head[2] == 8;
        }
    }

    /** Pixel values 0..255 in HWC order, resized and converted as the model's input needs (said on stderr). */
    private float[] pixels(Path file, BufferedImage image, int[] shape) {
        int h = shape[0];
        int w = shape[1];
        int c = shape[2];
        BufferedImage src = image;
        if (image.getWidth() != w || image.getHeight() != h) {
            spec.commandLine().getErr().printf(Locale.ROOT, "bnn predict: %s: resized %dx%d -> %dx%d%n", file, image.getWidth(),
                    image.getHeight(), w, h);
            src = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = src.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
            g.dispose();
        }
        boolean grey = image.getColorModel().getNumColorComponents() == 1;
        if (c == 1 && !grey) {
            spec.commandLine().getErr().printf(Locale.ROOT, "bnn predict: %s: colour converted to grey (luminance)%n", file);
        } else if (c == 3 && grey) {
            spec.commandLine().getErr().printf(Locale.ROOT, "bnn predict: %s: grey repeated over R, G, B%n", file);
        }
        float[] x = new float[h * w * c];
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                int rgb = src.getRGB(xx, y);
                int r = rgb >> 16 & 0xff;
                int gr = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                int at = (y * w + xx) * c;
                if (c == 1) {
                    x[at] = grey ? r : Math.round(0.299f * r + 0.587f * gr + 0.114f * b);
                } else {
                    x[at] = r;
                    x[at + 1] = gr;
                    x[at + 2] = b;
                }
            }
        }
        return x;
    }
}
