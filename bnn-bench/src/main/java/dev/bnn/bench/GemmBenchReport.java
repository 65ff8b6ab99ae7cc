package dev.bnn.bench;

import java.util.List;

/**
 * The results of a run: the rows, what produced no result, and the environment lines.
 *
 * @param missing "kernel shape threads" of every planned measurement without a row
 */
public record GemmBenchReport(List<GemmResult> rows, List<String> missing, List<String> environment) {

    /** The human-readable form: environment, table, failures. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (String line : environment) {
            sb.append("# ").append(line).append('\n');
        }
        sb.append('\n').append(ResultTable.format(rows));
        if (!missing.isEmpty()) {
            sb.append("\nFAILED (no result, see the JMH log above): ").append(missing).append('\n');
        }
        return sb.toString();
    }
}
