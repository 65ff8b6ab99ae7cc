package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * im2col: turns a convolution into a matrix product. Images are NHWC (batch, height, width,
 * channels); the patch matrix has one row per output position (b, oy, ox), row-major over
 * (b, oy, ox), and one column per (ky, kx, c), so a convolution with weights W (outChannels x
 * kernelHeight*kernelWidth*channels, same column order) is patches . W^T.
 *
 * <p>Every operation writes a caller's output (no allocation per call, so a layer reuses one
 * patch buffer for every batch) and splits its rows over the threads of the {@link Parallelism}
 * given at construction: patch rows for {@link #patches}, images for {@link #addPatches}, so
 * that no two threads write the same entry or word. Tensors may be views (a batch slice of an
 * N x H x W x C tensor); only their windows are read or written.
 *
 * <h2>Padding</h2>
 * Float patches pad with 0. Packed patches pad with bit 0, i.e. <b>+1</b>, because a bit has no
 * zero. Packing a zero-padded float patch matrix gives exactly the +1-padded packed one (sign(0)
 * = +1). A binary convolution that must match zero padding subtracts
 * {@link #paddingCorrection}: a padded tap contributes +1 * w_j[tap, c] to the +1-padded dot
 * product and 0 to the zero-padded one, so
 * dot_zero(p, j) = dot_plus1(p, j) - sum over the taps t of p that fall in the padding of
 * sum_c w_j[t, c].
 *
 * <p>This is data movement (array copies and word shifts), not arithmetic, so it has one
 * implementation for every platform.
 */
public final class Im2col {
    private final Parallelism parallelism;

    /** im2col whose operations split their rows over {@code parallelism} (borrowed, not closed here). */
    public Im2col(Parallelism parallelism) {
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
    }

    /**
     * Float patches of an NHWC batch, zero-padded: overwrites every entry of {@code out}, which
     * must be (batch * outPositions) x patchSize and must not share entries with the images.
     */
    public void patches(Tensor images, ConvGeometry g, Tensor out) {
        String op = "patches";
        int batch = checkImages(op, "images", images, g);
        Checks.notNull(op, "out", out);
        out.requireShape(op + ": output", patchRows(batch, g), g.patchSize());
        Checks.notAliased(op, "out", out, "images", images);
        float[] src = images.data();
        float[] dst = out.data();
        int c = g.channels();
        int patch = g.patchSize();
        int srcOff = images.offset();
        int dstOff = out.offset();
        splitRows(patchRows(batch, g), g, (r0, r1) -> {
            Arrays.fill(dst, dstOff + r0 * patch, dstOff + r1 * patch, 0f);
            forEachTap(r0, r1, g, (row, tap, pixel) -> {
                if (pixel >= 0) {
                    System.arraycopy(src, srcOff + pixel * c, dst, dstOff + row * patch + tap * c, c);
                }
            });
        });
    }

    /**
     * The adjoint of {@link #patches} (col2im), for backprop: adds each patch entry back onto the
     * image element it was copied from, so imageGrad += col2im(patchGrad). Entries that came from
     * padding are dropped. The two must not share entries (a reshape of one array into both
     * would add the gradient onto itself while reading it).
     */
    public void addPatches(Tensor patchGrad, ConvGeometry g, Tensor imageGrad) {
        String op = "addPatches";
        int batch = checkImages(op, "image gradient", imageGrad, g);
        Checks.notNull(op, "patch gradient", patchGrad);
        patchGrad.requireShape(op + ": patch gradient", patchRows(batch, g), g.patchSize());
        Checks.notAliased(op, "image gradient", imageGrad, "patch gradient", patchGrad);
        float[] src = patchGrad.data();
        float[] dst = imageGrad.data();
        int c = g.channels();
        int patch = g.patchSize();
        int srcOff = patchGrad.offset();
        int dstOff = imageGrad.offset();
        int positions = g.outPositions();
        // By whole images: the patch rows of image b only add onto image b.
        splitRows(batch, g, (b0, b1) -> forEachTap(b0 * positions, b1 * positions, g, (row, tap, pixel) -> {
            if (pixel >= 0) {
                int from = srcOff + row * patch + tap * c;
                int to = dstOff + pixel * c;
                for (int ch = 0; ch < c; ch++) {
                    dst[to + ch] += src[from + ch];
                }
            }
        }));
    }

    /**
     * Packed patches: {@code pixels} holds one row of {@code channels} sign bits per pixel
     * (batch * height * width rows, NHWC order); overwrites {@code out}, one row of patchSize
     * bits per output position, padded with +1 (bit 0). Bits are packed along channels: tap
     * (ky, kx) occupies bits [(ky * kernelWidth + kx) * channels, ... + channels) of the row.
     */
    public void patches(BitMatrix pixels, int batch, ConvGeometry g, BitMatrix out) {
        String op = "patches";
        Checks.notNull(op, "pixels", pixels);
        Checks.notNull(op, "geometry", g);
        Checks.notNull(op, "out", out);
        long pixelRows = (long) batch * g.height() * g.width();
        if (batch < 0 || pixels.cols() != g.channels() || pixelRows != pixels.rows()) {
            throw new ShapeMismatchException(op + ": pixel bits have shape [" + pixels.rows() + ", " + pixels.cols()
                    + "] but " + batch + " images of " + g + " need [" + pixelRows + ", " + g.channels() + "]");
        }
        int rows = patchRows(batch, g);
        if (out.rows() != rows || out.cols() != g.patchSize()) {
            throw new ShapeMismatchException(op + ": output has shape [" + out.rows() + ", " + out.cols()
                    + "] bits but " + batch + " images of " + g + " give [" + rows + ", " + g.patchSize() + "]");
        }
        Checks.notAliased(op, "out", out, "pixels", pixels.words());
        long[] src = pixels.words();
        long[] dst = out.words();
        int c = g.channels();
        int srcWords = pixels.wordsPerRow();
        int dstWords = out.wordsPerRow();
        splitRows(rows, g, (r0, r1) -> {
            Arrays.fill(dst, r0 * dstWords, r1 * dstWords, 0L);
            forEachTap(r0, r1, g, (row, tap, pixel) -> {
                if (pixel >= 0) {
                    BitPacking.copyBits(src, pixel * srcWords, c, dst, row * dstWords, tap * c);
                }
            });
        });
        assert out.checkPadding();
    }

    /**
     * The zero-padding correction of a binary convolution, per output position of one image and
     * output channel: {@code corr[p * n + j]} = sum over the taps t of position p that fall in the
     * padding of sum_c w_j[t, c]; subtract it from the +1-padded dot products. It is the same for
     * every image of a batch. {@code weights} has one row of patchSize bits per output channel.
     * Computed once per layer (on the calling thread).
     *
     * @throws IllegalArgumentException if outPositions * n does not fit in an int
     */
    public static int[] paddingCorrection(ConvGeometry g, BitMatrix weights) {
        Checks.notNull("paddingCorrection", "geometry", g);
        Checks.notNull("paddingCorrection", "weights", weights);
        if (weights.cols() != g.patchSize()) {
            throw new ShapeMismatchException("paddingCorrection: weight rows have " + weights.cols()
                    + " bits but patches of " + g + " have " + g.patchSize());
        }
        int n = weights.rows();
        int taps = g.kernelHeight() * g.kernelWidth();
        int c = g.channels();
        // tapSum[j * taps + t] = sum_c w_j[t, c] = c - 2 * (number of -1 bits among the tap's channels)
        int[] tapSum = new int[ConvGeometry.exactInt("paddingCorrection: taps x output channels", (long) n * taps)];
        for (int j = 0; j < n; j++) {
            for (int t = 0; t < taps; t++) {
                int negative = 0;
                for (int ch = 0; ch < c; ch++) {
                    negative += weights.get(j, t * c + ch) < 0 ? 1 : 0;
                }
                tapSum[j * taps + t] = c - 2 * negative;
            }
        }
        int[] corr = new int[ConvGeometry.exactInt("paddingCorrection: output positions x output channels",
                (long) g.outPositions() * n)];
        // The patch rows of the first image are its output positions.
        forEachTap(0, g.outPositions(), g, (p, tap, pixel) -> {
            if (pixel < 0) {
                for (int j = 0; j < n; j++) {
                    corr[p * n + j] += tapSum[j * taps + tap];
                }
            }
        });
        return corr;
    }

    /** Receives one tap of one output position: the patch row, the tap index ky * kernelWidth + kx, and the input pixel (-1 in the padding). */
    @FunctionalInterface
    private interface TapVisitor {
        void visit(int row, int tap, int pixel);
    }

    /** Runs {@code part} over near-equal ranges of [0, count), one per thread when the work (count rows of patchSize entries) is worth it. */
    private void splitRows(int count, ConvGeometry g, RangeKernel part) {
        Tiles.run(parallelism, count, 1, (long) count * g.patchSize(), 1, (r0, r1, c0, c1) -> part.run(r0, r1));
    }

    @FunctionalInterface
    private interface RangeKernel {
        void run(int start, int end);
    }

    /**
     * Visits every tap of the patch rows [rowStart, rowEnd) of a batch, rows in (b, oy, ox) order;
     * pixel index (b * height + y) * width + x, or -1 in the padding. The one traversal behind
     * all four operations.
     */
    private static void forEachTap(int rowStart, int rowEnd, ConvGeometry g, TapVisitor visitor) {
        int positions = g.outPositions();
        for (int row = rowStart; row < rowEnd; row++) {
            int b = row / positions;
            int oy = row % positions / g.outWidth();
            int ox = row % g.outWidth();
            for (int ky = 0; ky < g.kernelHeight(); ky++) {
                int y = oy * g.stride() - g.padding() + ky;
                for (int kx = 0; kx < g.kernelWidth(); kx++) {
                    int x = ox * g.stride() - g.padding() + kx;
                    boolean inside = y >= 0 && y < g.height() && x >= 0 && x < g.width();
                    visitor.visit(row, ky * g.kernelWidth() + kx, inside ? (b * g.height() + y) * g.width() + x : -1);
                }
            }
        }
    }

    /** Patch rows of a batch: batch * outPositions, rejected when it does not fit in an int. */
    private static int patchRows(int batch, ConvGeometry g) {
        return ConvGeometry.exactInt("im2col: " + batch + " images x " + g.outPositions() + " output positions",
                (long) batch * g.outPositions());
    }

    private static int checkImages(String op, String name, Tensor images, ConvGeometry g) {
        Checks.notNull(op, name, images);
        Checks.notNull(op, "geometry", g);
        if (images.rank() != 4 || images.dim(1) != g.height() || images.dim(2) != g.width()
                || images.dim(3) != g.channels()) {
            throw new ShapeMismatchException(op + ": " + name + " have shape "
                    + ShapeMismatchException.format(images.shape())
                    + " but " + g + " needs [batch, " + g.height() + ", " + g.width() + ", " + g.channels() + "]");
        }
        return images.dim(0);
    }

    @Override
    public String toString() {
        return "Im2col(" + parallelism.threads() + " threads)";
    }
}
