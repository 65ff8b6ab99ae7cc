package dev.bnn.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A plain-text table of {@link GemmResult}s: one line per shape and thread count, GMAC/s per
 * kernel, and the {@link #RATIOS} whose two kernels were both measured.
 */
public final class ResultTable {
    private ResultTable() {}

    private record Key(GemmShape shape, int threads) {}

    /** A ratio column: GMAC/s of {@code numerator} over {@code denominator} at the same shape and threads. */
    record Ratio(String header, GemmKernel numerator, GemmKernel denominator) {}

    /** Binary against float, OpenBLAS and scalar; the fused outputs against mult; the backward products against float. */
    static final List<Ratio> RATIOS = List.of(
            new Ratio("bin/float", GemmKernel.BINARY, GemmKernel.FLOAT),
            new Ratio("bin/native", GemmKernel.BINARY, GemmKernel.NETLIB_NATIVE),
            new Ratio("bin/scalar", GemmKernel.BINARY, GemmKernel.BINARY_SCALAR),
            new Ratio("scaled/bin", GemmKernel.BINARY_SCALED, GemmKernel.BINARY),
            new Ratio("thresh/bin", GemmKernel.BINARY_THRESHOLD, GemmKernel.BINARY),
            new Ratio("bw/float", GemmKernel.BINARY_WEIGHT, GemmKernel.FLOAT),
            new Ratio("bwT/floatT", GemmKernel.BINARY_WEIGHT_TRANS_A, GemmKernel.FLOAT_TRANS_A));

    /** The table, lines ending in '\n'. */
    public static String format(List<GemmResult> rows) {
        Set<GemmKernel> kernels = EnumSet.noneOf(GemmKernel.class);
        Map<Key, Map<GemmKernel, GemmResult>> byKey = new LinkedHashMap<>();
        for (GemmResult r : sorted(rows)) {
            kernels.add(r.kernel());
            byKey.computeIfAbsent(new Key(r.shape(), r.threads()), k -> new LinkedHashMap<>()).put(r.kernel(), r);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("GMAC/s (M*K*N / time / 1e9), higher is better\n");
        sb.append(String.format(Locale.ROOT, "%-16s %3s", "M x K x N", "thr"));
        for (GemmKernel k : kernels) {
            sb.append(String.format(Locale.ROOT, " %20s", k.id()));
        }
        List<Ratio> ratios = RATIOS.stream()
                .filter(r -> kernels.contains(r.numerator()) && kernels.contains(r.denominator())).toList();
        for (Ratio r : ratios) {
            sb.append(String.format(Locale.ROOT, " %11s", r.header()));
        }
        sb.append('\n');
        for (Map.Entry<Key, Map<GemmKernel, GemmResult>> e : byKey.entrySet()) {
            Map<GemmKernel, GemmResult> m = e.getValue();
            sb.append(String.format(Locale.ROOT, "%-16s %3d", e.getKey().shape(), e.getKey().threads()));
            for (GemmKernel k : kernels) {
                GemmResult r = m.get(k);
                sb.append(String.format(Locale.ROOT, " %20s", r == null ? "-" : gops(r.gops())));
            }
            for (Ratio r : ratios) {
                sb.append(String.format(Locale.ROOT, " %11s", ratio(m, r)));
            }
            sb.append('\n');
        }
        if (rows.stream().anyMatch(r -> Double.isFinite(r.allocBytesPerOp()))) {
            sb.append("\nallocation per call (JMH gc.alloc.rate.norm, bytes/op)\n");
            for (GemmResult r : sorted(rows)) {
                if (Double.isFinite(r.allocBytesPerOp())) {
                    sb.append(String.format(Locale.ROOT, "%-20s %-16s %3d %12.1f%n",
                            r.kernel().id(), r.shape(), r.threads(), r.allocBytesPerOp()));
                }
            }
        }
        return sb.toString();
    }

    /** The ratio's numerator GMAC/s over its denominator's at one shape and thread count, or "-". */
    static String ratio(Map<GemmKernel, GemmResult> m, Ratio ratio) {
        GemmResult num = m.get(ratio.numerator());
        GemmResult den = m.get(ratio.denominator());
        if (num == null || den == null || den.gops() <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", num.gops() / den.gops());
    }

    private static String gops(double g) {
        return g >= 100 ? String.format(Locale.ROOT, "%.1f", g) : String.format(Locale.ROOT, "%.3f", g);
    }

    /** Rows in table order: shapes as in {@link GemmShape#ALL} (others after), then threads, then kernel. */
    static List<GemmResult> sorted(List<GemmResult> rows) {
        List<GemmResult> out = new ArrayList<>(rows);
        out.sort((x, y) -> {
            int c = Integer.compare(shapeOrder(x.shape()), shapeOrder(y.shape()));
            if (c == 0) {
                c = x.shape().toString().compareTo(y.shape().toString());
            }
            if (c == 0) {
                c = Integer.compare(x.threads(), y.threads());
            }
            return c != 0 ? c : x.kernel().compareTo(y.kernel());
        });
        return out;
    }

    private static int shapeOrder(GemmShape s) {
        int i = GemmShape.ALL.indexOf(s);
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
