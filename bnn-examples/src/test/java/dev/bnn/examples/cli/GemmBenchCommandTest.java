package dev.bnn.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.bench.GemmBenchConfig;
import dev.bnn.bench.GemmKernel;
import dev.bnn.examples.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GemmBenchCommandTest {
    private static GemmBenchCommand parse(String... args) {
        CommandLine cl = new CommandLine(new Main());
        CommandLine.ParseResult result = cl.parseArgs(args);
        CommandLine.ParseResult gemm = result.subcommand().subcommand();
        assertEquals("gemm", gemm.commandSpec().name());
        return gemm.commandSpec().commandLine().getCommand();
    }

    @Test
    void defaultsAreTheFullRun() {
        GemmBenchCommand c = parse("bench", "gemm");
        assertEquals(GemmBenchConfig.full(), c.config());
        assertEquals(false, c.json);
    }

    @Test
    void everyOptionParses() {
        GemmBenchCommand c = parse("bench", "gemm", "--quick", "--threads", "2", "--json", "--prof-gc");
        assertEquals(new GemmBenchConfig(true, 2, true), c.config());
        assertTrue(c.json);
        assertEquals(1, parse("bench", "gemm", "--threads=1").config().threads());
        assertEquals(java.util.List.of(GemmKernel.NETLIB_NATIVE, GemmKernel.BINARY),
                parse("bench", "gemm", "--kernels", "netlib-native,binary").config().kernels());
    }

    @Test
    void badOptionsAreRejected() {
        CommandLine cl = new CommandLine(new Main());
        assertThrows(CommandLine.ParameterException.class, () -> cl.parseArgs("bench", "gemm", "--threads", "two"));
        assertThrows(CommandLine.ParameterException.class, () -> cl.parseArgs("bench", "gemm", "--fast"));
    }

    @Test
    void benchIsRegisteredInMain() {
        CommandLine cl = new CommandLine(new Main());
        assertTrue(cl.getSubcommands().get("bench").getSubcommands().containsKey("gemm"));
    }
}
