package dev.bnn.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the kernel implementations once, at startup: the Vector API ones ({@code
 * PanamaKernelProvider}) when {@code jdk.incubator.vector} is readable, else the scalar
 * references. The Panama class is loaded by name, so nothing links against the incubator
 * module unless it is there.
 *
 * <p>System properties: {@value #FORCE_SCALAR_PROPERTY}{@code =true} forces the scalar path;
 * {@value #TEST_VECTOR_BITS_PROPERTY}{@code =N} (tests only) forces a narrower vector width. Either
 * way the JVM runs one width only: the species are constants ({@code PanamaSpecies}), and the
 * tests run once per width in separate JVMs.
 */
abstract class KernelProvider {
    static final String FORCE_SCALAR_PROPERTY = "bnn.kernels.scalar";
    static final String TEST_VECTOR_BITS_PROPERTY = "bnn.kernels.testVectorBits";
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final Logger LOG = LoggerFactory.getLogger(KernelProvider.class);

    abstract FloatGemmSupport floatGemm();

    abstract BinaryGemmSupport binaryGemm();

    abstract BitPackingSupport bitPacking();

    abstract BinaryWeightGemmSupport binaryWeightGemm();

    /** "scalar" or "Panama". */
    abstract String name();

    /** Vector width in bits, or 64 for the scalar path (one long at a time). */
    abstract int vectorBits();

    /** E.g. "Panama, 512-bit". */
    final String description() {
        return name() + ", " + vectorBits() + "-bit";
    }

    /** The implementation chosen for this JVM. */
    static KernelProvider get() {
        return Holder.INSTANCE;
    }

    /** The scalar reference implementations. */
    static KernelProvider scalar() {
        return ScalarKernelProvider.INSTANCE;
    }

    /** True when the Vector API module is in the boot layer (added with --add-modules). */
    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * The Vector API provider at this JVM's width.
     *
     * @throws UnsupportedOperationException if the module is absent or the width is unusable
     */
    private static KernelProvider panama() {
        if (!vectorModulePresent()) {
            throw new UnsupportedOperationException(VECTOR_MODULE + " is not available (run with --add-modules "
                    + VECTOR_MODULE + ")");
        }
        try {
            var lookup = MethodHandles.lookup();
            var cls = lookup.findClass(KernelProvider.class.getPackageName() + ".PanamaKernelProvider");
            return (KernelProvider) lookup.findConstructor(cls, MethodType.methodType(void.class)).invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new LinkageError("cannot create the Panama kernel provider", t);
        }
    }

    private static KernelProvider choose() {
        if (Boolean.getBoolean(FORCE_SCALAR_PROPERTY)) {
            LOG.info("bnn kernels: scalar ({}=true)", FORCE_SCALAR_PROPERTY);
            return scalar();
        }
        if (!vectorModulePresent()) {
            LOG.warn("bnn kernels: {} is not readable, using the slow scalar kernels. "
                    + "Fix: start java with --add-modules {} (the ./bnn launcher does).", VECTOR_MODULE, VECTOR_MODULE);
            return scalar();
        }
        try {
            KernelProvider p = panama();
            LOG.info("bnn kernels: {}", p.description());
            return p;
        } catch (UnsupportedOperationException e) {
            LOG.warn("bnn kernels: Vector API unusable here ({}), using the slow scalar kernels", e.getMessage());
            return scalar();
        }
    }

    @Override
    public String toString() {
        return description().toLowerCase(Locale.ROOT);
    }

    private static final class Holder {
        static final KernelProvider INSTANCE = choose();
    }
}
