package dev.bnn.examples;

import dev.bnn.examples.cli.AnalyzeCommand;
import dev.bnn.examples.cli.BenchCommand;
import dev.bnn.examples.cli.DataCommand;
import dev.bnn.examples.cli.EvalCommand;
import dev.bnn.examples.cli.FreezeCommand;
import dev.bnn.examples.cli.KernelsCommand;
import dev.bnn.examples.cli.PredictCommand;
import dev.bnn.examples.cli.SummaryCommand;
import dev.bnn.examples.cli.TrainCommand;
import dev.bnn.examples.cli.UserException;
import dev.bnn.examples.presets.Presets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point of the {@code bnn} command line. */
@Command(name = "bnn",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Binarized neural networks in pure Java: training, bit-packed inference, kernels.",
        subcommands = {TrainCommand.class, EvalCommand.class, FreezeCommand.class, PredictCommand.class, SummaryCommand.class,
            AnalyzeCommand.class,
            KernelsCommand.class, BenchCommand.class,
            DataCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with its error handling: a problem the user can fix (missing or malformed
     * data, a damaged model file, a bad folder, a diverged run) prints one message and exits with
     * status 1, without a stack trace; bad flags print the message and the usage (status 2).
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.getSubcommands().get("train").getCommandSpec().usageMessage().width(120).footer(Presets.helpFooter());
        cl.setExecutionExceptionHandler((e, line, parseResult) -> {
            if (e instanceof java.io.IOException || e instanceof UserException
                    || e instanceof dev.bnn.train.TrainingDivergedException || e instanceof java.io.UncheckedIOException) {
                line.getErr().println("bnn " + line.getCommandName() + ": " + e.getMessage());
                line.getErr().flush();
                return 1;
            }
            throw e;
        });
        return cl;
    }

    /** The project version, filtered into a resource at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/bnn-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {
                "bnn " + p.getProperty("version", "unknown"),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
            };
        }
    }
}
