package io.rankkeeper.cli;

import io.rankkeeper.config.RankkeeperConfig;
import io.rankkeeper.run.Daemon;
import io.rankkeeper.schedule.ScheduledGroup;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code daemon}: every group on its schedule until SIGTERM or Ctrl-C, which stop it cleanly
 * (exit 0); SIGHUP re-reads the config (edits to the file are picked up by themselves too).
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "Runs every group on its schedule until stopped (Ctrl-C or SIGTERM); "
                + "config edits apply without a restart.")
final class DaemonCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(DaemonCommand.class);

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        runUntilStopped(config::load, out, spec.commandLine().getErr(), loaded -> {
            out.printf("rankkeeper daemon running: %d group(s), %d target(s), database %s%n", loaded.groups().size(),
                    loaded.allTargets().size(), loaded.database().displayUrl());
            out.println("Stop with Ctrl-C or SIGTERM; edits to " + loaded.source() + " apply without a restart.");
        });
        return ExitCodes.OK;
    }

    /**
     * Runs the daemon on the config {@code load} reads until SIGTERM or Ctrl-C, then closes it in
     * order; {@code started} is told once it runs. Our own signal handlers instead of the JVM's:
     * a stop is an orderly close and exit 0, not a kill; a second signal stops waiting for the
     * runs' requests in flight, a third ends the JVM (see {@link StopSignals}). The config is
     * read and used in {@link #start}, so that no frame of the waiting thread keeps it: the daemon
     * replaces it at each edit, and the first one held its targets for good (55 MB with 100,000
     * targets).
     */
    static void runUntilStopped(Supplier<RankkeeperConfig> load, PrintWriter out, PrintWriter err,
            Consumer<RankkeeperConfig> started) throws InterruptedException {
        CountDownLatch stopRequested = new CountDownLatch(1);
        Daemon daemon = start(load.get(), out, err, started, stopRequested);
        try {
            stopRequested.await();
        } finally {
            log.info("Stop requested");
            daemon.close();
        }
        out.println("rankkeeper daemon stopped");
        out.flush();
    }

    private static Daemon start(RankkeeperConfig loaded, PrintWriter out, PrintWriter err,
            Consumer<RankkeeperConfig> started, CountDownLatch stopRequested) {
        if (loaded.daemon().logFile() != null) {
            LogFile.attach(loaded.daemon().logFile());
        }
        AtomicReference<Daemon> current = new AtomicReference<>();
        SignalHandler stop = StopSignals.handler(err, StopSignals.onTerminal(), stopRequested::countDown, () -> {
            Daemon running = current.get();
            if (running != null) {
                running.stopWaiting();
            }
        }, StopSignals::quitNow);
        Signal.handle(new Signal("TERM"), stop);
        Signal.handle(new Signal("INT"), stop);
        // Taken over before the (seconds long) start: the JVM's own SIGHUP handling ends the
        // process, so a reload asked for while starting killed the daemon. The config being read
        // by the start is the one a reload would read.
        ClassLoader application = DaemonCommand.class.getClassLoader();
        SignalHandler before = Signal.handle(new Signal("HUP"), signal -> {
            Daemon running = current.get();
            if (running != null) {
                // A signal handler thread has no context class loader, and Quartz's JDBC store
                // builds its connection proxies with it: without this, every SIGHUP reload failed.
                Thread.currentThread().setContextClassLoader(application);
                running.reload();
            }
        });
        if (before == SignalHandler.SIG_IGN) {
            // The JVM leaves a signal the process was started ignoring (nohup does that) ignored.
            log.warn("SIGHUP is ignored by this process (started with nohup?), so it will not reload the config;"
                    + " edits to the file are still picked up. Start it without nohup (a service manager, or"
                    + " setsid) to reload on SIGHUP");
        }
        Daemon daemon = Daemon.start(loaded);
        current.set(daemon);
        started.accept(loaded);
        printNextFires(out, daemon);
        out.flush();
        return daemon;
    }

    /** One line per group (shard): when it runs next, so a user sees at once that it is scheduled. */
    private static void printNextFires(PrintWriter out, Daemon daemon) {
        try {
            for (ScheduledGroup group : daemon.scheduler().scheduledGroups()) {
                out.printf("  %s%s: next run %s (%s, %s; after downtime: %s)%n", group.group(),
                        group.shard() == 0 ? "" : " shard " + group.shard(),
                        group.nextFire() == null ? "never" : group.nextFire().truncatedTo(ChronoUnit.SECONDS),
                        group.cron(), group.zone(), group.catchUpOnce() ? "run once" : "skip");
            }
        } catch (RuntimeException unreadable) {
            log.warn("Could not read the schedule to show the next runs", unreadable);
        }
    }
}
