package dev.bnn.train;

import java.util.List;
import java.util.Locale;

/**
 * What one epoch measured.
 *
 * @param epoch              1-based
 * @param learningRateFactor the schedule's factor during the epoch
 * @param trainingLoss       mean loss over the epoch's mini-batches (training mode)
 * @param trainingError      share of misclassified training examples, counted on the
 *                           mini-batches as they were trained (training mode: batch statistics,
 *                           dropout), as the papers' code does
 * @param validationLoss     mean loss on the validation set in evaluation mode; NaN without one
 * @param validationError    share misclassified on the validation set; NaN without one
 * @param flippedShare       share of binary (latent) weights whose sign changed during the epoch;
 *                           NaN for a network without binary weights
 * @param seconds            wall time of the epoch, validation included
 * @param imagesPerSecond    training examples per second of the training passes alone
 * @param best               true when this epoch set a new best validation error
 * @param learningRate       the absolute learning rate of the epoch: the optimizer's base rate times
 *                           the schedule's factor (NaN in rows written before it was recorded)
 * @param weightAngles       per binary layer (network order), the mean angle in degrees between its
 *                           latent weight vectors and their signs at the end of the epoch
 *                           ({@code dev.bnn.train.analysis.Angles}); empty without binary layers or in
 *                           rows written before it was recorded
 */
public record EpochMetrics(int epoch, double learningRateFactor, double trainingLoss, double trainingError,
        double validationLoss, double validationError, double flippedShare, double seconds, double imagesPerSecond,
        boolean best, double learningRate, List<Double> weightAngles) {

    /** The fixed columns of {@link #csvRow()}; then {@code angle_1 .. angle_k}, one per binary layer ({@link #csvHeader}). */
    public static final List<String> CSV_COLUMNS = List.of("epoch", "lr_factor", "train_loss", "train_error",
            "val_loss", "val_error", "flipped_share", "seconds", "images_per_s", "best", "lr");

    public EpochMetrics {
        weightAngles = List.copyOf(weightAngles);
    }

    /** The CSV header for rows with {@code angles} weight-angle columns. */
    public static String csvHeader(int angles) {
        StringBuilder b = new StringBuilder(String.join(",", CSV_COLUMNS));
        for (int k = 1; k <= angles; k++) {
            b.append(",angle_").append(k);
        }
        return b.toString();
    }

    /** One CSV row, in the columns of {@link #csvHeader} (NaN written as an empty field). */
    public String csvRow() {
        return csvRow(weightAngles.size());
    }

    /**
     * One CSV row with {@code angles} angle columns, the missing ones empty (a run resumed from a
     * checkpoint written before the angles were recorded).
     */
    public String csvRow(int angles) {
        StringBuilder b = new StringBuilder(String.join(",", Integer.toString(epoch), num(learningRateFactor),
                num(trainingLoss), num(trainingError), num(validationLoss), num(validationError), num(flippedShare), num(seconds),
                num(imagesPerSecond), Boolean.toString(best), num(learningRate)));
        for (int k = 0; k < Math.max(angles, weightAngles.size()); k++) {
            b.append(',').append(k < weightAngles.size() ? num(weightAngles.get(k)) : "");
        }
        return b.toString();
    }

    /**
     * Parses a row written by {@link #csvRow()}, or by an earlier version without the angle columns
     * or also without {@code lr} (then NaN).
     *
     * @throws IllegalArgumentException naming the row if it has too few fields or a bad number
     */
    public static EpochMetrics fromCsvRow(String row) {
        String[] f = row.split(",", -1);
        if (f.length < CSV_COLUMNS.size() - 1) {
            throw new IllegalArgumentException("epoch metrics row has " + f.length + " fields, expected at least "
                    + CSV_COLUMNS.size() + " (" + CSV_COLUMNS + ", then the weight angles): " + row);
        }
        try {
            List<Double> angles = new java.util.ArrayList<>();
            for (int k = CSV_COLUMNS.size(); k < f.length; k++) {
                angles.add(parse(f[k]));
            }
            if (angles.stream().allMatch(a -> Double.isNaN(a))) {
                angles.clear(); // a row of a run resumed across the change: no angles recorded
            }
            return new EpochMetrics(Integer.parseInt(f[0]), parse(f[1]), parse(f[2]), parse(f[3]), parse(f[4]), parse(f[5]),
                    parse(f[6]), parse(f[7]), parse(f[8]), Boolean.parseBoolean(f[9]), f.length > 10 ? parse(f[10]) : Double.NaN,
                    angles);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("epoch metrics row has a bad number: " + row, e);
        }
    }

    private static double parse(String field) {
        return field.isEmpty() ? Double.NaN : Double.parseDouble(field);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "epoch %d: lr %.4g (x%.4g), loss %.4f, train error %.2f%%, validation error %s, "
                + "%.1f s, %.0f images/s, %s of binary weights flipped%s", epoch, learningRate, learningRateFactor, trainingLoss,
                100 * trainingError, Double.isNaN(validationError) ? "-" : String.format(Locale.ROOT, "%.2f%%%s",
                        100 * validationError, best ? " (best)" : ""), seconds, imagesPerSecond,
                Double.isNaN(flippedShare) ? "-" : String.format(Locale.ROOT, "%.3f%%", 100 * flippedShare),
                weightAngles.isEmpty() ? "" : ", weight angles " + String.join("/", weightAngles.stream()
                        .map(a -> String.format(Locale.ROOT, "%.1f", a)).toList()) + " degrees");
    }
}
