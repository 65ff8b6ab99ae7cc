package dev.bnn.examples.cli;

import dev.bnn.core.io.AtomicFile;
import dev.bnn.core.io.Json;
import dev.bnn.train.analysis.Angles;
import dev.bnn.train.analysis.Distribution;
import dev.bnn.train.analysis.DotProducts;
import dev.bnn.train.analysis.Rotation;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the geometry analysis of {@code bnn analyze}: a markdown report, the numbers as JSON and
 * the figures as PNG (XChart), every file replaced atomically.
 */
final class GeometryReport {
    static final String REPORT = "geometry.md";
    static final String JSON = "geometry.json";
    private static final Color WEIGHTS = new Color(0x1f77b4);
    private static final Color REFERENCE = new Color(0x7f7f7f);
    private static final Color LIMIT = new Color(0xd62728);

    private GeometryReport() {}

    /** The report of a trained network: angles and dot products per binary layer. */
    static void write(Path dir, String title, String setup, List<Angles.Layer> angles, List<DotProducts.Layer> dots)
            throws IOException {
        Files.createDirectories(dir);
        List<XYChart> histograms = new ArrayList<>();
        for (Angles.Layer a : angles) {
            histograms.add(histogram(a));
        }
        png(dir.resolve("angles.png"), histograms, histograms.size(), 1);
        png(dir.resolve("angle-spread.png"), List.of(spread(angles)), 1, 1);
        for (DotProducts.Layer d : dots) {
            png(dir.resolve("dots-layer" + d.index() + ".png"), List.of(scatter(d, true), scatter(d, false)), 1, 2);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", title);
        json.put("setup", setup);
        json.put("gaussian_limit_degrees", Angles.GAUSSIAN_LIMIT_DEGREES);
        List<Object> layers = new ArrayList<>();
        for (int k = 0; k < angles.size(); k++) {
            Angles.Layer a = angles.get(k);
            DotProducts.Layer d = dots.get(k);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", a.index());
            m.put("layer", a.layer());
            m.put("dimension", a.dimension());
            m.put("units", a.units());
            m.put("angle_degrees", distribution(a.weights()));
            m.put("gaussian_reference_degrees", distribution(a.reference()));
            m.put("mean_cosine", a.meanCosine());
            m.put("pairs", d.pairs());
            m.put("r_weights_binarized", d.weightsR());
            m.put("slope_weights_binarized", d.weightsSlope());
            m.put("r_activations_binarized", d.activationsR());
            m.put("slope_activations_binarized", d.activationsSlope());
            layers.add(m);
        }
        json.put("layers", layers);
        text(dir.resolve(JSON), Json.write(json) + "\n");
        StringBuilder md = new StringBuilder("# " + title + "\n\n" + setup + "\n\n");
        md.append(String.format(Locale.ROOT, "Reference: the angle between a Gaussian vector and its sign tends to "
                + "arccos(sqrt(2/pi)) = %.2f degrees as d grows (Anderson and Berg 2018).%n%n", Angles.GAUSSIAN_LIMIT_DEGREES));
        md.append("| layer | d | units | angle mean | std | p5 / p50 / p95 | Gaussian, same d: mean / std | mean cos | "
                + "r, sign(w).a vs w.a | slope | r, sign(w).sign(a) vs sign(w).a | slope |\n");
        md.append("|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|\n");
        for (int k = 0; k < angles.size(); k++) {
            Angles.Layer a = angles.get(k);
            DotProducts.Layer d = dots.get(k);
            md.append(String.format(Locale.ROOT, "| %d %s | %d | %d | %.2f | %.2f | %.1f / %.1f / %.1f | %.2f / %.2f | %.4f | "
                            + "%.4f | %.3f | %.4f | %.3f |%n", a.index(), a.layer(), a.dimension(), a.units(), a.weights().mean(),
                    a.weights().std(), a.weights().quantiles().get("p5"), a.weights().quantiles().get("p50"),
                    a.weights().quantiles().get("p95"), a.reference().mean(), a.reference().std(), a.meanCosine(), d.weightsR(),
                    d.weightsSlope(), d.activationsR(), d.activationsSlope()));
        }
        md.append("\n![angles](angles.png)\n\n![spread](angle-spread.png)\n\n");
        for (DotProducts.Layer d : dots) {
            md.append("![dot products, layer ").append(d.index()).append("](dots-layer").append(d.index()).append(".png)\n\n");
        }
        text(dir.resolve(REPORT), md.toString());
    }

    /** The synthetic rotation experiment: a table, JSON and one figure. */
    static void writeSynthetic(Path dir, List<Rotation.Point> points) throws IOException {
        Files.createDirectories(dir);
        XYChart chart = chart("angle with the binarized vector, with and without a random rotation", "d", "degrees");
        chart.getStyler().setXAxisLogarithmic(true);
        for (Rotation.Inputs kind : Rotation.Inputs.values()) {
            List<Double> x = new ArrayList<>();
            List<Double> plain = new ArrayList<>();
            List<Double> rotated = new ArrayList<>();
            for (Rotation.Point p : points) {
                if (p.inputs() == kind) {
                    x.add((double) p.dimension());
                    plain.add(p.plainMean());
                    rotated.add(p.rotatedMean());
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(kind.name().toLowerCase(Locale.ROOT) + ": sign(u)", x, plain);
                chart.addSeries(kind.name().toLowerCase(Locale.ROOT) + ": R^T sign(R u)", x, rotated);
            }
        }
        double lo = points.stream().mapToInt(Rotation.Point::dimension).min().orElse(1);
        double hi = points.stream().mapToInt(Rotation.Point::dimension).max().orElse(2);
        limitLine(chart, lo, hi);
        png(dir.resolve("rotation.png"), List.of(chart), 1, 1);
        List<Object> rows = new ArrayList<>();
        StringBuilder md = new StringBuilder("# Random rotation before binarization (synthetic)\n\n"
                + "| inputs | d | length | vectors | angle with sign(u): mean / std | with R^T sign(R u): mean / std |\n"
                + "|---|---:|---:|---:|---|---|\n");
        for (Rotation.Point p : points) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("inputs", p.inputs().name().toLowerCase(Locale.ROOT));
            m.put("dimension", p.dimension());
            m.put("length", p.length());
            m.put("vectors", p.vectors());
            m.put("plain_mean", p.plainMean());
            m.put("plain_std", p.plainStd());
            m.put("rotated_mean", p.rotatedMean());
            m.put("rotated_std", p.rotatedStd());
            rows.add(m);
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %d | %.2f / %.2f | %.2f / %.2f |%n",
                    p.inputs().name().toLowerCase(Locale.ROOT), p.dimension(), p.length(), p.vectors(), p.plainMean(),
                    p.plainStd(), p.rotatedMean(), p.rotatedStd()));
        }
        md.append("\n![rotation](rotation.png)\n");
        text(dir.resolve("rotation.json"), Json.write(Map.of("points", rows)) + "\n");
        text(dir.resolve("rotation.md"), md.toString());
    }

    private static Map<String, Object> distribution(Distribution d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", d.n());
        m.put("mean", d.mean());
        m.put("std", d.std());
        m.put("min", d.min());
        m.put("max", d.max());
        m.put("quantiles", new LinkedHashMap<>(d.quantiles()));
        List<Long> counts = new ArrayList<>();
        for (long c : d.counts()) {
            counts.add(c);
        }
        m.put("histogram_counts", counts);
        return m;
    }

    /** The layer's angle histogram (as a density) beside the Gaussian reference's, with the 37.07 degree line. */
    private static XYChart histogram(Angles.Layer a) {
        XYChart c = chart(String.format(Locale.ROOT, "layer %d (d = %d): angle of w with sign(w)", a.index(), a.dimension()),
                "degrees", "density");
        addDensity(c, "weights", a.weights(), WEIGHTS);
        addDensity(c, "Gaussian, same d", a.reference(), REFERENCE);
        double lo = Math.min(a.weights().min(), a.reference().min());
        double hi = Math.max(a.weights().max(), a.reference().max());
        double top = 0;
        for (XYSeries s : c.getSeriesMap().values()) {
            for (double y : s.getYData()) {
                top = Math.max(top, y);
            }
        }
        XYSeries limit = c.addSeries("37.07 degrees", new double[] {Angles.GAUSSIAN_LIMIT_DEGREES, Angles.GAUSSIAN_LIMIT_DEGREES},
                new double[] {0, top});
        limit.setLineColor(LIMIT);
        limit.setMarker(SeriesMarkers.NONE);
        c.getStyler().setXAxisMin(Math.min(lo, Angles.GAUSSIAN_LIMIT_DEGREES) - 1);
        c.getStyler().setXAxisMax(Math.max(hi, Angles.GAUSSIAN_LIMIT_DEGREES) + 1);
        return c;
    }

    private static void addDensity(XYChart c, String name, Distribution d, Color color) {
        int bins = d.counts().length;
        double width = (d.max() - d.min()) / bins;
        double[] x = new double[bins];
        double[] y = new double[bins];
        for (int b = 0; b < bins; b++) {
            x[b] = d.binStart(b) + width / 2;
            y[b] = width == 0 ? d.counts()[b] : d.counts()[b] / (d.n() * width);
        }
        XYSeries s = c.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(SeriesMarkers.NONE);
    }

    /** The spread of the angle against d: each layer's, the Gaussian reference's, and c d^-1/2 through the reference. */
    private static XYChart spread(List<Angles.Layer> angles) {
        XYChart c = chart("spread (std) of the angle against the dimension d", "d", "std (degrees)");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        double[] d = new double[angles.size()];
        double[] layers = new double[angles.size()];
        double[] reference = new double[angles.size()];
        double k = 0;
        for (int i = 0; i < angles.size(); i++) {
            d[i] = angles.get(i).dimension();
            layers[i] = Math.max(1e-6, angles.get(i).weights().std());
            reference[i] = Math.max(1e-6, angles.get(i).reference().std());
            k += reference[i] * Math.sqrt(d[i]) / angles.size();
        }
        c.addSeries("binary layers' weights", d, layers).setMarkerColor(WEIGHTS);
        c.addSeries("Gaussian, same d", d, reference).setMarkerColor(REFERENCE);
        double lo = 8;
        double hi = 16384;
        XYSeries slope = c.addSeries(String.format(Locale.ROOT, "%.1f d^-1/2", k), new double[] {lo, hi},
                new double[] {k / Math.sqrt(lo), k / Math.sqrt(hi)});
        slope.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        slope.setLineColor(LIMIT);
        slope.setMarker(SeriesMarkers.NONE);
        return c;
    }

    /** w.a against sign(w).a (weights binarized), or sign(w).a against sign(w).sign(a) (activations too). */
    private static XYChart scatter(DotProducts.Layer d, boolean weights) {
        String title = String.format(Locale.ROOT, "layer %d: %s, r = %.4f, slope %.3f", d.index(),
                weights ? "weights binarized" : "activations binarized too", weights ? d.weightsR() : d.activationsR(),
                weights ? d.weightsSlope() : d.activationsSlope());
        XYChart c = chart(title, weights ? "w . a" : "sign(w) . a", weights ? "sign(w) . a" : "sign(w) . sign(a)");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(3);
        c.getStyler().setLegendVisible(false);
        double[] x = new double[d.points().length];
        double[] y = new double[d.points().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = d.points()[i][weights ? 0 : 1];
            y[i] = d.points()[i][weights ? 1 : 2];
        }
        c.addSeries("pairs", x, y).setMarkerColor(WEIGHTS);
        return c;
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(800).height(420).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return c;
    }

    private static void limitLine(XYChart c, double lo, double hi) {
        XYSeries s = c.addSeries("37.07 degrees", new double[] {lo, hi},
                new double[] {Angles.GAUSSIAN_LIMIT_DEGREES, Angles.GAUSSIAN_LIMIT_DEGREES});
        s.setLineColor(LIMIT);
        s.setMarker(SeriesMarkers.NONE);
    }

    private static void png(Path file, List<XYChart> charts, int rows, int cols) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(new ArrayList<>(charts), rows, cols, bytes, BitmapEncoder.BitmapFormat.PNG);
        AtomicFile.write(file, ch -> AtomicFile.writeFully(ch, ByteBuffer.wrap(bytes.toByteArray())));
    }

    private static void text(Path file, String s) throws IOException {
        AtomicFile.writeString(file, s);
    }
}
