package dev.bnn.infer;

import dev.bnn.core.io.SafeTensors.Entry;
import java.util.Map;
import java.util.Set;

/** Rebuilds a {@link FrozenLayer} from its configuration and tensors in a frozen file, rejecting unknown settings. */
final class Layers {
    private Layers() {}

    static FrozenLayer read(int[] inputShape, Map<String, Object> c, Map<String, Entry> t) {
        Object type = c.get("type");
        FrozenLayer layer = switch (String.valueOf(type)) {
            case InputScale.TYPE -> InputScale.read(inputShape, c);
            case BitPlaneDense.TYPE -> BitPlaneDense.read(inputShape, c, t);
            case RealInputDense.TYPE -> RealInputDense.read(inputShape, c, t);
            case RealInputConv.TYPE -> RealInputConv.read(inputShape, c, t);
            case XnorDense.TYPE -> XnorDense.read(inputShape, c, t);
            case XnorConv.TYPE -> XnorConv.read(inputShape, c, t);
            case Normalize.TYPE -> Normalize.read(inputShape, c, t);
            case SignBits.TYPE -> new SignBits(inputShape);
            case Clip.TYPE -> new Clip(inputShape);
            case MaxPool.TYPE -> MaxPool.read(inputShape, c);
            case Flatten.TYPE -> Flatten.read(inputShape, c);
            case UnpackBits.TYPE -> new UnpackBits(inputShape);
            default -> throw new IllegalArgumentException("unknown layer type " + type + "; known: " + Set.of(InputScale.TYPE, BitPlaneDense.TYPE,
                    RealInputDense.TYPE, RealInputConv.TYPE, XnorDense.TYPE, XnorConv.TYPE, Normalize.TYPE, SignBits.TYPE,
                    Clip.TYPE, MaxPool.TYPE, Flatten.TYPE, UnpackBits.TYPE));
        };
        if (!layer.config().keySet().equals(c.keySet())) {
            throw new IllegalArgumentException("settings " + c.keySet() + " differ from the " + layer.config().keySet()
                    + " a " + type + " layer has");
        }
        return layer;
    }
}
