package dev.bnn.train.constraint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.io.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightClipTest {

    /** The clip gives TensorOps.clip's bits, the whole-tensor clip it replaces: NaN stays NaN, -0.0 stays -0.0, infinities clip. */
    @Test
    void clipMatchesTensorOpsClipBitForBit() {
        float[] x = {Float.NaN, -0f, 0f, 0.75f, -0.75f, 0.7499f, -3f, 3f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MAX_VALUE};
        Tensor expected = Tensor.wrap(x.clone(), x.length);
        TensorOps.clip(expected, -0.75f, 0.75f, expected);
        WeightClip clip = new WeightClip(0.75f);
        Tensor whole = Tensor.wrap(x.clone(), x.length);
        clip.apply(whole);
        float[] ranges = x.clone();
        clip.apply(ranges, 0, 5);
        clip.apply(ranges, 5, x.length);
        for (int i = 0; i < x.length; i++) {
            int bits = Float.floatToRawIntBits(expected.data()[i]);
            assertEquals(bits, Float.floatToRawIntBits(whole.data()[i]), "whole tensor, " + x[i]);
            assertEquals(bits, Float.floatToRawIntBits(ranges[i]), "two ranges, " + x[i]);
        }
    }

    /** A view clips its own elements only. */
    @Test
    void aViewClipsItsElementsOnly() {
        Tensor t = Tensor.wrap(new float[] {5f, 5f, 5f, 5f}, 4);
        WeightClip.unit().apply(t.slice(1, 3));
        assertEquals(Tensor.wrap(new float[] {5f, 1f, 1f, 5f}, 4), t);
    }

    @Test
    void configRoundTripsAndUnknownTypesListTheKnownOnes() {
        WeightClip clip = new WeightClip(0.1f);
        WeightClip back = WeightClip.fromConfig(Json.parseObject(Json.write(clip.config())));
        assertEquals(clip.bound(), back.bound());
        assertEquals(Map.of("type", "WeightClip", "bound", 0.1), clip.config());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightClip.fromConfig(Map.of("type", "MaxNorm")));
        assertTrue(e.getMessage().contains("'MaxNorm'") && e.getMessage().contains("known: WeightClip"), e.getMessage());
    }
}
