package io.rankkeeper.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * What Ctrl-C and SIGTERM do to {@code run} and {@code daemon}, one signal after another:
 * <ol>
 * <li>stop: no new request; those in flight get {@code daemon.shutdownGrace}, then what came back
 * is stored, the run row is closed and the database too;</li>
 * <li>stop without waiting: the requests still in flight are dropped, but what came back is stored
 * and the run row closed, in well under a second (a second signal ended the JVM at once before,
 * losing the observations built and not yet written, and leaving the run row RUNNING until the
 * next start);</li>
 * <li>quit at once, exit 130: what is not stored yet is lost, as after a kill.</li>
 * </ol>
 * The JVM is never shut down under the command by a signal before the third: a shutdown hook did
 * that once, and H2 closed the database from a shutdown hook of its own beside it (a
 * 100,000-target run stopped by SIGTERM lost the 500 observations its writer was storing, and
 * left its run row RUNNING).
 */
final class StopSignals implements AutoCloseable {

    private static final List<String> RUN_SIGNALS = List.of("INT", "TERM", "HUP");

    private final Map<Signal, SignalHandler> before = new LinkedHashMap<>();

    private StopSignals() {
    }

    /**
     * For {@code run}: Ctrl-C, SIGTERM or SIGHUP (the terminal closed) interrupt the calling
     * thread, and again on the second signal; the command then returns 130. A signal the process
     * was started to ignore (SIGHUP under nohup) stays ignored. {@link #close()} restores the
     * handlers.
     */
    static StopSignals interruptOn(PrintWriter err) {
        Thread worker = Thread.currentThread();
        SignalHandler handler = handler(err, onTerminal(), worker::interrupt, worker::interrupt, StopSignals::quitNow);
        StopSignals guard = new StopSignals();
        for (String name : RUN_SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler previous = Signal.handle(signal, handler);
                if (previous == SignalHandler.SIG_IGN) {
                    Signal.handle(signal, previous);
                } else {
                    guard.before.put(signal, previous);
                }
            } catch (IllegalArgumentException unavailable) {
                // not on this platform, or taken by the JVM (-Xrs): its default stays
            }
        }
        return guard;
    }

    /**
     * The handler: {@code stop} on the first signal, {@code stopWaiting} on the second, {@code quit}
     * on any after; each of the first two tells the user on {@code err} what the next one does. On
     * a terminal ({@code terminal}) a message starts on a line of its own: the cursor is after the
     * {@code ^C} the terminal echoed, often at the end of a progress bar.
     */
    static SignalHandler handler(PrintWriter err, boolean terminal, Runnable stop, Runnable stopWaiting,
            Runnable quit) {
        AtomicInteger signals = new AtomicInteger();
        String start = terminal ? System.lineSeparator() : "";
        return signal -> {
            switch (signals.incrementAndGet()) {
                case 1 -> {
                    say(err, start + "Stopping: requests in flight may finish within daemon.shutdownGrace, then what "
                            + "came back is stored. Press Ctrl-C again to stop without waiting for them.");
                    stop.run();
                }
                case 2 -> {
                    say(err, start + "Stopping without waiting for the requests in flight: storing what came back. "
                            + "Press Ctrl-C again to quit at once (what is not stored yet is then lost).");
                    stopWaiting.run();
                }
                default -> quit.run();
            }
        };
    }

    /** Whether the process runs on a terminal (where Ctrl-C is pressed and echoed). */
    static boolean onTerminal() {
        return System.console() != null;
    }

    /** Ends the JVM with exit code 130, from a thread of its own (a signal handler must return). */
    static void quitNow() {
        new Thread(() -> System.exit(ExitCodes.INTERRUPTED), "rankkeeper-exit").start();
    }

    private static void say(PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }

    /** Gives the signals back to the handlers they had. */
    @Override
    public void close() {
        before.forEach(Signal::handle);
    }
}
