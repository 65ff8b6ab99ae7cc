package dev.bnn.infer;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.io.SafeTensors.DType;
import dev.bnn.core.io.SafeTensors.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A frozen model's summary, per layer as Larq's {@code summary} (input and weight precision,
 * output shape, parameters by bit width, memory, MACs split binary / float) with totals. The
 * memory of a layer is the bytes of its tensors in the file, so {@link #totalBytes()} is the
 * file's data section: the file has {@code headerBytes() + totalBytes()} bytes exactly.
 *
 * @param rows        one per layer
 * @param headerBytes the header's length in the file (the 8 length bytes included), or -1 for a
 *                    model neither loaded nor saved
 */
public record ModelSummary(List<Row> rows, long headerBytes) {
    /**
     * One layer.
     *
     * @param layer        its description
     * @param input        what it reads
     * @param weights      "1-bit", "32-bit" or "-" (no weights)
     * @param outputShape  per sample
     * @param binaryParams ±1 weights (one bit each)
     * @param params8      8-bit values (threshold flips)
     * @param params32     32-bit values (float parameters, integer thresholds and corrections)
     * @param bytes        bytes of its tensors in the file (bit rows padded to whole 64-bit words)
     * @param binaryMacs   XNOR-popcount multiply-accumulates per sample
     * @param floatMacs    other multiply-accumulates per sample
     */
    public record Row(String layer, Precision input, String weights, int[] outputShape, long binaryParams, long params8,
                      long params32, long bytes, long binaryMacs, long floatMacs) {
        /** Bytes of the same parameters as 32-bit floats. */
        public long float32Bytes() {
            return 4 * (binaryParams + params8 + params32);
        }
    }

    static ModelSummary of(InferenceModel model, long headerBytes) {
        List<Row> rows = new ArrayList<>();
        for (FrozenLayer l : model.layers()) {
            long p8 = 0;
            long p32 = 0;
            long bytes = 0;
            for (Entry e : l.tensors().values()) {
                bytes += e.byteCount();
                if (e.dtype() == DType.U8) {
                    p8 += e.elements();
                } else if (e.dtype() != DType.U64) {
                    p32 += e.elements();
                }
            }
            boolean weighted = l instanceof RealInputDense || l instanceof RealInputConv || l instanceof XnorDense
                    || l instanceof XnorConv || l instanceof BitPlaneDense;
            String weights = !weighted ? "-" : l.binaryWeights() > 0 ? "1-bit" : "32-bit";
            if (weighted && l.binaryWeights() == 0) {
                p32 += l.floatMacs() / Math.max(1, outputPositions(l)); // float weights: out x in
            }
            rows.add(new Row(l.describe(), l.inputPrecision(), weights, l.outputShape(), l.binaryWeights(), p8, p32, bytes,
                    l.binaryMacs(), l.floatMacs()));
        }
        return new ModelSummary(List.copyOf(rows), headerBytes);
    }

    /** Output positions of a convolution (1 for a dense layer): float MACs / positions = weights. */
    private static long outputPositions(FrozenLayer l) {
        int[] s = l.outputShape();
        return s.length == 3 ? (long) s[0] * s[1] : 1;
    }

    /** The data section: the bytes of every tensor. */
    public long totalBytes() {
        return rows.stream().mapToLong(Row::bytes).sum();
    }

    /** The same parameters as 32-bit floats. */
    public long float32Bytes() {
        return rows.stream().mapToLong(Row::float32Bytes).sum();
    }

    /** float32Bytes / totalBytes. */
    public double compression() {
        return totalBytes() == 0 ? 1 : (double) float32Bytes() / totalBytes();
    }

    public long binaryMacs() {
        return rows.stream().mapToLong(Row::binaryMacs).sum();
    }

    public long floatMacs() {
        return rows.stream().mapToLong(Row::floatMacs).sum();
    }

    /** Binary MACs / all MACs. */
    public double binaryMacShare() {
        long all = binaryMacs() + floatMacs();
        return all == 0 ? 0 : (double) binaryMacs() / all;
    }

    /** The table, as {@code bnn summary} prints it. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        String format = "%-58s %-6s %-7s %-15s %11s %9s %10s %12s %12s%n";
        b.append(String.format(Locale.ROOT, format, "layer", "input", "weights", "output", "1-bit par.", "32-bit",
                "bytes", "binary MACs", "float MACs"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, format, r.layer().length() > 58 ? r.layer().substring(0, 57) + "…" : r.layer(),
                    r.input() == Precision.BITS ? "bits" : "float", r.weights(), ShapeMismatchException.format(r.outputShape()),
                    r.binaryParams(), r.params32() + (r.params8() > 0 ? "+" + r.params8() + "b" : ""), r.bytes(),
                    r.binaryMacs(), r.floatMacs()));
        }
        b.append(String.format(Locale.ROOT, "total: %d bytes of tensors (%s)%s; as float32: %d bytes (%s), %.1fx smaller; "
                        + "binary MACs %.1f%% of %d%n", totalBytes(), human(totalBytes()),
                headerBytes >= 0 ? " + " + headerBytes + " header = " + (headerBytes + totalBytes()) + " bytes on disk" : "",
                float32Bytes(), human(float32Bytes()), compression(), 100 * binaryMacShare(), binaryMacs() + floatMacs()));
        return b.toString();
    }

    /** Bytes as KiB / MiB. */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        return bytes < 1 << 20 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
    }
}
