package dev.bnn.examples.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during training: the first SIGINT asks the trainer to stop after the current mini-batch
 * (the output folder then holds the last completed epoch, written atomically), the second exits at
 * once with status 130. Installed for the duration of a run and restored on {@link #close()}.
 * Uses {@code sun.misc.Signal} (module jdk.unsupported): a shutdown hook cannot let the trainer
 * finish, because the JVM is already exiting when it runs. Where the signal cannot be handled
 * (no SIGINT on the platform) this does nothing and Ctrl-C ends the process as usual.
 */
final class Interrupts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Interrupts.class);
    private static final Signal INT = new Signal("INT");

    private final SignalHandler previous;

    private Interrupts(SignalHandler previous) {
        this.previous = previous;
    }

    static Interrupts install(Runnable stop) {
        SignalHandler handler = new SignalHandler() {
            private boolean seen;

            @Override
            public synchronized void handle(Signal signal) {
                if (seen) {
                    LOG.warn("second interrupt: exiting now; the output folder holds the last completed epoch");
                    Runtime.getRuntime().halt(130);
                }
                seen = true;
                LOG.info("interrupt: stopping after this mini-batch (Ctrl-C again to exit at once)");
                stop.run();
            }
        };
        try {
            return new Interrupts(Signal.handle(INT, handler));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debug("SIGINT cannot be handled here: {}", e.toString());
            return new Interrupts(null);
        }
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(INT, previous);
        }
    }
}
