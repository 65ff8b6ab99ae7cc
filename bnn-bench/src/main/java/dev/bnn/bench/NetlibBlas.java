package dev.bnn.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.lang.reflect.Method;

/**
 * The netlib (dev.ludovic.netlib:blas 3.0.4) sgemm implementations we compare against.
 *
 * <ul>
 *   <li>{@code netlib-java}: {@code F2jBLAS}, the F2J translation of the Fortran reference BLAS.
 *       It is package-private in netlib, so it is reached by reflection. (Without the Vector API
 *       {@code JavaBLAS.getInstance()} returns {@code Java11BLAS}, whose sgemm is the very code
 *       {@code VectorBLAS} runs, see below; F2J is the distinct pure-Java baseline.)</li>
 *   <li>{@code netlib-vector}: {@code JavaBLAS.getInstance()} with {@code jdk.incubator.vector}
 *       readable, which is {@code VectorBLAS} (checked). Note that VectorBLAS 3.0.4 does not
 *       override sgemm: it inherits the scalar, Math.fma-based sgemm of {@code Java11BLAS}.</li>
 *   <li>{@code netlib-native}: {@code NativeBLAS.getInstance()}, JNI to {@code libblas.so.3}
 *       (or the library named by the system property {@code dev.ludovic.netlib.blas.nativeLib}).</li>
 * </ul>
 */
public final class NetlibBlas {
    private static final String PACKAGE = "dev.ludovic.netlib.blas.";

    private NetlibBlas() {}

    /** The netlib implementation measured as {@code kernel}. */
    public static BLAS of(GemmKernel kernel) {
        return switch (kernel) {
            case NETLIB_JAVA -> f2j();
            case NETLIB_VECTOR -> vector();
            case NETLIB_NATIVE -> nativeBlas();
            default -> throw new IllegalArgumentException(kernel.id() + " is not a netlib kernel");
        };
    }

    /** The F2J reference translation. */
    public static BLAS f2j() {
        try {
            Method getInstance = Class.forName(PACKAGE + "F2jBLAS").getMethod("getInstance");
            // A public method of a package-private class: accessible from the unnamed module once unlocked.
            getInstance.setAccessible(true);
            return (BLAS) getInstance.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach netlib's F2jBLAS", e);
        }
    }

    /** VectorBLAS; fails when the Vector API is not readable (netlib would silently use Java11BLAS). */
    public static BLAS vector() {
        BLAS blas = JavaBLAS.getInstance();
        if (!blas.getClass().getSimpleName().equals("VectorBLAS")) {
            throw new IllegalStateException("JavaBLAS.getInstance() is " + blas.getClass().getName()
                    + ", not VectorBLAS: start the JVM with " + BenchJvmArgs.ADD_VECTOR);
        }
        return blas;
    }

    /** JNI to the system BLAS; throws when no native library loads. */
    public static BLAS nativeBlas() {
        return NativeBLAS.getInstance();
    }

    /** The implementation class name, e.g. {@code "VectorBLAS"}. */
    public static String implementation(BLAS blas) {
        return blas.getClass().getSimpleName();
    }
}
