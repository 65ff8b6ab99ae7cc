package dev.bnn.train.optim;

/** Argument checks shared by the moment-based optimizers. */
final class Moments {
    private Moments() {}

    static double checkBeta(String optimizer, String name, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be in [0, 1), got " + beta);
        }
        return beta;
    }

    static double checkEpsilon(String optimizer, double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException(optimizer + ": epsilon must be positive and finite, got " + epsilon);
        }
        return epsilon;
    }
}
