package dev.bnn.train.layers;

import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.train.constraint.WeightClip;
import dev.bnn.train.nn.LayerSummary;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.quantize.Quantizer;
import dev.bnn.train.quantize.SteSign;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fully connected layer with binary weights: y = x q(W)^T + b, W the latent (shadow) weight.
 *
 * <p>Two modes (Courbariaux et al. 2015, "BinaryConnect"; Hubara et al. 2016, "Binarized Neural
 * Networks"):
 * <ul>
 *   <li><b>BinaryConnect</b> (real input, the default and the first layer of a BNN): the
 *       forward adds and subtracts inputs by the sign of each weight ({@code BinaryWeightGemm}).</li>
 *   <li><b>BNN</b> ({@link Builder#binaryInput()}, input ±1 from a {@link SignActivation}): the
 *       input is packed to bits and {@code BinaryGemm} computes the exact integer dot products
 *       k - 2 popcount(x XOR w); the float pipeline resumes at the batch norm that follows.</li>
 * </ul>
 * A quantizer whose output is not ±1 ({@code SteTern}, {@code MagnitudeAwareSign}) runs on the
 * float GEMM over q(W), and only in BinaryConnect mode.
 *
 * <p>Shapes: input {@code N x in}, latent weight {@code out x in} ({@link Parameter.Kind#LATENT_BINARY},
 * learning-rate scale 1 / sqrt(1.5 / (in + out))), bias {@code out}, output {@code N x out}.
 * Backward: gx = gy q(W), gW += q'(W) (gy^T x) with q' the quantizer's pseudo-gradient
 * ({@link SteSign}: 1 where |w| &lt;= 1), gb += column sums of gy. Initialisation: Glorot uniform
 * (or BinaryConnect's H = 1, U(-1, 1)), b = 0. The weight clip to [-1, 1]
 * ({@link WeightClip}) is applied with every optimizer update ({@link Parameter#update});
 * a layer built without a clip logs one warning.
 */
public final class BinaryDense extends DenseBase {
    private static final Logger LOG = LoggerFactory.getLogger(BinaryDense.class);

    private final boolean binaryInput;

    /** BinaryConnect mode: SteSign weights clipped to [-1, 1], Glorot init from seed 0, with a bias. */
    public BinaryDense(int in, int out) {
        this(builder(in, out));
    }

    private BinaryDense(Builder b) {
        super(b.in, b.out, b.bias, b.init, b.seed,
                Parameter.latentBinary("weight", Tensor.zeros(b.out, b.in), b.in, b.out, b.clip), b.weights);
        this.binaryInput = b.binaryInput;
        b.warnIfUnclipped(LOG, this);
    }

    /** Options beyond the defaults of {@link #BinaryDense(int, int)}. */
    public static Builder builder(int in, int out) {
        return new Builder(in, out);
    }

    /** Rebuilds from {@link #config()}. */
    public static BinaryDense fromConfig(Map<String, ?> c) {
        return builder(Config.integer(c, "in"), Config.integer(c, "out")).read(c).build();
    }

    @Override
    public boolean binaryInput() {
        return binaryInput;
    }

    /** The quantizer the forward reads the latent weight through. */
    public Quantizer weightQuantizer() {
        return quantizer;
    }

    @Override
    public LayerSummary summarize(int... sampleShape) {
        long macs = (long) in * out; // Larq's rule: binary MACs only when input and weights are both binary
        return LayerSummary.of(this, outputShape(sampleShape), binaryInput ? macs : 0, binaryInput ? 0 : macs);
    }

    @Override
    public Map<String, Object> config() {
        WeightClip clip = weight.constraint();
        return Config.of("BinaryDense", "in", in, "out", out, "binary_input", binaryInput, "weights", quantizer.config(),
                "clip", clip == null ? null : clip.bound(), "bias", bias != null, "init", init.name(), "seed", seed());
    }

    @Override
    public String toString() {
        return "BinaryDense(" + in + " -> " + out + (binaryInput ? ", input: ±1 (XNOR-popcount)" : "")
                + BinaryLayerBuilder.describeWeights(quantizer, weight.constraint()) + (bias == null ? ", no bias" : "") + ")";
    }

    /** Options of a {@link BinaryDense} (see {@link BinaryLayerBuilder} for the shared ones and defaults). */
    public static final class Builder extends BinaryLayerBuilder<Builder> {
        private final int in;
        private final int out;

        private Builder(int in, int out) {
            this.in = in;
            this.out = out;
        }

        @Override
        Builder self() {
            return this;
        }

        public BinaryDense build() {
            checkMode("BinaryDense(" + in + " -> " + out + ")");
            return new BinaryDense(this);
        }
    }

    /** Registers {@code "BinaryDense"} with the module registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Module> {
        public Type() {
            super("BinaryDense", Module.class, BinaryDense::fromConfig);
        }
    }
}
