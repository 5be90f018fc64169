package io.rankkeeper.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * On Ctrl-C, SIGTERM or SIGHUP (the terminal closed), interrupts the command's thread, which then
 * stores what came back within the grace period, closes the database and prints its summary,
 * and the command returns exit code 130. The JVM is not shut down under it: a shutdown hook did
 * that before, and H2 closed the database from a shutdown hook of its own beside it (a
 * 100,000-target run stopped by SIGTERM lost the 500 observations its writer was storing, and
 * left its run row RUNNING). A second signal ends the JVM at once. A signal the process was
 * started to ignore (SIGHUP under nohup) stays ignored.
 */
final class InterruptOnSignal implements AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");

    private final Map<Signal, SignalHandler> before = new LinkedHashMap<>();

    private InterruptOnSignal() {
    }

    static InterruptOnSignal install() {
        Thread worker = Thread.currentThread();
        AtomicBoolean asked = new AtomicBoolean();
        SignalHandler stop = signal -> {
            if (asked.getAndSet(true)) {
                // asked twice: stop now (what is not stored yet is lost, as after a kill)
                new Thread(() -> System.exit(ExitCodes.INTERRUPTED), "rankkeeper-exit").start();
            } else {
                worker.interrupt();
            }
        };
        InterruptOnSignal guard = new InterruptOnSignal();
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler previous = Signal.handle(signal, stop);
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

    /** Gives the signals back to the handlers they had. */
    @Override
    public void close() {
        before.forEach(Signal::handle);
    }
}
