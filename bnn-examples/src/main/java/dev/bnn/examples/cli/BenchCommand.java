package dev.bnn.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code bnn bench}: {@code bnn bench gemm} compares the GEMM kernels (JMH), {@code bnn bench train} measures training speed. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the JMH benchmarks (each implementation in its own forked JVM).",
        subcommands = {GemmBenchCommand.class, TrainBenchCommand.class, InferBenchCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
