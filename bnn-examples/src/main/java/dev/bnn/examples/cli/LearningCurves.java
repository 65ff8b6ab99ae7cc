package dev.bnn.examples.cli;

import dev.bnn.core.io.AtomicFile;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves of a training run: reads the trainer's epoch CSV (a header line, then one row
 * per epoch; the columns used are {@code epoch}, {@code train_error}, {@code val_error} (shares
 * in [0, 1]), {@code train_loss} and {@code val_loss}, found by name; an empty field is a missing
 * value) and draws a PNG with two panels: error in % and loss, training and validation, per epoch;
 * a third with the mean angle between each binary layer's weights and their signs when the run
 * recorded them ({@code angle_1}, {@code angle_2}, ...).
 * Drawn with XChart (org.knowm.xchart); the PNG is replaced atomically ({@link AtomicFile}).
 */
public final class LearningCurves {
    private static final int WIDTH = 900;
    private static final int PANEL_HEIGHT = 420;
    private static final Color TRAIN = new Color(0x1f77b4);
    private static final Color VALIDATION = new Color(0xd62728);
    private static final Color[] ANGLE_COLORS = {new Color(0x2ca02c), new Color(0x9467bd), new Color(0x8c564b),
        new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0xff7f0e), new Color(0x7f7f7f)};

    private LearningCurves() {}

    /** One epoch's figures; NaN where the CSV has no value. */
    public record Epoch(int epoch, double trainError, double valError, double trainLoss, double valLoss, List<Double> angles) {
        public Epoch {
            angles = List.copyOf(angles);
        }

        /** An epoch without weight angles. */
        public Epoch(int epoch, double trainError, double valError, double trainLoss, double valLoss) {
            this(epoch, trainError, valError, trainLoss, valLoss, List.of());
        }
    }

    /**
     * Reads an epoch CSV.
     *
     * @throws IOException naming the file and line if the header lacks {@code epoch} or a field is not a number
     */
    public static List<Epoch> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            throw new IOException(csv + ": empty file, expected a header line starting with 'epoch'");
        }
        List<String> header = Arrays.asList(lines.get(0).trim().split(",", -1));
        int epoch = header.indexOf("epoch");
        if (epoch < 0) {
            throw new IOException(csv + ", line 1: no 'epoch' column in the header " + header);
        }
        int[] cols = {header.indexOf("train_error"), header.indexOf("val_error"), header.indexOf("train_loss"),
            header.indexOf("val_loss")};
        List<Integer> angleCols = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            if (header.get(c).startsWith("angle_")) {
                angleCols.add(c);
            }
        }
        List<Epoch> epochs = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != header.size()) {
                throw new IOException(csv + ", line " + (i + 1) + ": " + f.length + " fields but the header has "
                        + header.size());
            }
            try {
                double[] v = new double[4];
                for (int k = 0; k < 4; k++) {
                    v[k] = cols[k] < 0 || f[cols[k]].isEmpty() ? Double.NaN : Double.parseDouble(f[cols[k]]);
                }
                List<Double> angles = new ArrayList<>();
                for (int c : angleCols) {
                    angles.add(f[c].isEmpty() ? Double.NaN : Double.parseDouble(f[c]));
                }
                epochs.add(new Epoch(Integer.parseInt(f[epoch]), v[0], v[1], v[2], v[3], angles));
            } catch (NumberFormatException e) {
                throw new IOException(csv + ", line " + (i + 1) + ": not a number: " + e.getMessage(), e);
            }
        }
        return epochs;
    }

    /** Reads {@code csv} and draws {@code png}, titled {@code title}. */
    public static void render(Path csv, String title, Path png) throws IOException {
        render(read(csv), title, png);
    }

    /** Draws the panels (error %, loss, and the weight angles when the run recorded them) of {@code epochs} into {@code png}. */
    public static void render(List<Epoch> epochs, String title, Path png) throws IOException {
        XYChart error = panel(title + ": error", "error (%)");
        add(error, epochs, "training", TRAIN, e -> 100 * e.trainError());
        add(error, epochs, "validation", VALIDATION, e -> 100 * e.valError());
        XYChart loss = panel(title + ": loss", "loss");
        add(loss, epochs, "training", TRAIN, Epoch::trainLoss);
        add(loss, epochs, "validation", VALIDATION, Epoch::valLoss);
        List<XYChart> panels = new ArrayList<>(List.of(error, loss));
        int layers = epochs.stream().mapToInt(e -> e.angles().size()).max().orElse(0);
        if (layers > 0) {
            // the angle of each binary layer's latent weights with their signs (dev.bnn.train.analysis.Angles)
            XYChart angles = panel(title + ": angle of w with sign(w), mean per binary layer", "degrees");
            for (int k = 0; k < layers; k++) {
                int layer = k;
                add(angles, epochs, "binary layer " + (k + 1), ANGLE_COLORS[k % ANGLE_COLORS.length],
                        e -> layer < e.angles().size() ? e.angles().get(layer) : Double.NaN);
            }
            panels.add(angles);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(panels, panels.size(), 1, bytes, BitmapEncoder.BitmapFormat.PNG);
        Files.createDirectories(png.toAbsolutePath().getParent());
        AtomicFile.write(png, ch -> AtomicFile.writeFully(ch, ByteBuffer.wrap(bytes.toByteArray())));
    }

    private static XYChart panel(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return chart;
    }

    /** Adds the finite points of one curve; a curve with none (e.g. no validation set) is left out. */
    private static void add(XYChart chart, List<Epoch> epochs, String name, Color color, ToDoubleFunction<Epoch> value) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Epoch e : epochs) {
            double v = value.applyAsDouble(e);
            if (Double.isFinite(v)) {
                x.add((double) e.epoch());
                y.add(v);
            }
        }
        if (!x.isEmpty()) {
            XYSeries s = chart.addSeries(name, x, y);
            s.setLineColor(color);
            s.setMarkerColor(color);
            s.setMarker(x.size() <= 60 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
    }
}
