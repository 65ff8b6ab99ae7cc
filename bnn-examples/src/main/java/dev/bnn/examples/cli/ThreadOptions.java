package dev.bnn.examples.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code --threads} of {@code bnn train}, {@code eval} and {@code kernels}: all processors by default, else a positive count. */
final class ThreadOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec command;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all processors).")
    Integer threads;

    /** --threads, or all processors; a usage error if --threads is not positive. */
    int count() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : requirePositive(command, threads);
    }

    /** {@code threads}, or a usage error of {@code command} if it is not positive. */
    static int requirePositive(CommandLine.Model.CommandSpec command, int threads) {
        if (threads < 1) {
            throw new CommandLine.ParameterException(command.commandLine(), "--threads must be positive, got " + threads);
        }
        return threads;
    }
}
