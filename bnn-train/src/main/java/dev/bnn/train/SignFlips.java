package dev.bnn.train;

import dev.bnn.core.Tensor;
import dev.bnn.train.nn.Parameter;
import java.util.Arrays;
import java.util.List;

/**
 * The share of latent binary weights whose sign (sign(0) = +1) changed since {@link #record()}:
 * how much of a binary network an epoch actually changed (what the weights' real values hide).
 */
public final class SignFlips {
    private final List<Parameter> latent;
    private final long[][] signs;

    /** Watches the latent binary parameters among {@code parameters}. */
    public SignFlips(List<Parameter> parameters) {
        latent = parameters.stream().filter(Parameter::isLatentBinary).toList();
        signs = latent.stream().map(p -> new long[(p.value().size() + 63) / 64]).toArray(long[][]::new);
    }

    /** Remembers the current signs. */
    public void record() {
        for (int k = 0; k < signs.length; k++) {
            Arrays.fill(signs[k], 0);
            Tensor v = latent.get(k).value();
            float[] d = v.data();
            for (int i = 0; i < v.size(); i++) {
                if (d[v.offset() + i] < 0) {
                    signs[k][i >>> 6] |= 1L << i;
                }
            }
        }
    }

    /** Share of the watched weights whose sign differs from the recorded one; NaN without latent weights. */
    public double flippedShare() {
        long flipped = 0;
        long total = 0;
        for (int k = 0; k < signs.length; k++) {
            Tensor v = latent.get(k).value();
            float[] d = v.data();
            for (int i = 0; i < v.size(); i++) {
                boolean negative = d[v.offset() + i] < 0;
                if (negative != ((signs[k][i >>> 6] & 1L << i) != 0)) {
                    flipped++;
                }
            }
            total += v.size();
        }
        return total == 0 ? Double.NaN : (double) flipped / total;
    }
}
