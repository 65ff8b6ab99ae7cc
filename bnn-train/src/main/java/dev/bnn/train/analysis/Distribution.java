package dev.bnn.train.analysis;

import java.util.Map;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * Descriptive statistics of a sample (Apache Commons Math): mean, standard deviation, quantiles,
 * and a histogram of {@code bins} equal bins over [min, max].
 *
 * @param n        sample size
 * @param mean     mean
 * @param std      sample standard deviation (n - 1)
 * @param min      smallest value
 * @param max      largest value
 * @param quantiles the 5, 25, 50, 75 and 95 percent quantiles, by name ("p5", ...)
 * @param counts   histogram counts
 */
public record Distribution(long n, double mean, double std, double min, double max, Map<String, Double> quantiles,
                           long[] counts) {
    /** The statistics of {@code values} with a histogram of {@code bins} bins. */
    public static Distribution of(double[] values, int bins) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        DescriptiveStatistics s = new DescriptiveStatistics(values);
        double min = s.getMin();
        double max = s.getMax();
        long[] counts = new long[bins];
        double width = (max - min) / bins;
        for (double v : values) {
            int b = width == 0 ? 0 : (int) Math.min(bins - 1, Math.floor((v - min) / width));
            counts[b]++;
        }
        return new Distribution(values.length, s.getMean(), values.length > 1 ? s.getStandardDeviation() : 0, min, max,
                Map.of("p5", s.getPercentile(5), "p25", s.getPercentile(25), "p50", s.getPercentile(50),
                        "p75", s.getPercentile(75), "p95", s.getPercentile(95)), counts);
    }

    /** The left edge of histogram bin {@code b}. */
    public double binStart(int b) {
        return min + (max - min) * b / counts.length;
    }
}
