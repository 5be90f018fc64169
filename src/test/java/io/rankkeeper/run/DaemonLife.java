package io.rankkeeper.run;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One daemon process from its launch to its kill (or stop), as a crash test sees it: when it was
 * launched and killed, and from its log when it synced its schedule and when it had started.
 * Quartz judges misfires inside {@code begin()}, which lies between those two log lines.
 */
final class DaemonLife {

    static final String SYNCED = "Schedule synced with the config";
    static final String STARTED = "Daemon started on node";

    private final int number;
    private final CliProcess process;
    private final Instant launched;
    private Instant ended;
    private boolean startedBeforeKill;

    DaemonLife(int number, CliProcess process, Instant launched) {
        this.number = number;
        this.process = process;
        this.launched = launched;
    }

    int number() {
        return number;
    }

    CliProcess process() {
        return process;
    }

    Instant launched() {
        return launched;
    }

    Instant ended() {
        return ended;
    }

    /** Whether the test saw the daemon started before it decided when to kill it. */
    boolean startedBeforeKill() {
        return startedBeforeKill;
    }

    boolean hasStarted() {
        return process.stderr().contains(STARTED);
    }

    /** Call just before the kill: remembers whether the start was complete when the test decided. */
    void endNow(boolean sawStarted) {
        startedBeforeKill = sawStarted;
        ended = Instant.now();
    }

    /** When the schedule sync was logged: no misfire was judged before this instant. */
    Optional<Instant> synced() {
        return logged(SYNCED);
    }

    /** When "daemon started" was logged: Quartz had judged the misfires at start by then. */
    Optional<Instant> started() {
        return logged(STARTED);
    }

    Duration startDuration() {
        return Duration.between(launched, started().orElseThrow());
    }

    /** The instant of the first log line containing {@code text} (the child logs HH:mm:ss.SSS in UTC). */
    private Optional<Instant> logged(String text) {
        Matcher line = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*" + Pattern.quote(text), Pattern.MULTILINE)
                .matcher(process.stderr());
        if (!line.find()) {
            return Optional.empty();
        }
        LocalTime time = LocalTime.parse(line.group(1));
        Instant at = LocalDate.ofInstant(launched, ZoneOffset.UTC).atTime(time).toInstant(ZoneOffset.UTC);
        // A life that crosses midnight UTC logs a time of the next day.
        return Optional.of(at.isBefore(launched.minusSeconds(60)) ? at.plus(Duration.ofDays(1)) : at);
    }

    @Override
    public String toString() {
        return "life " + number + " (pid " + process.pid() + ", launched " + launched + ", ended " + ended + ")";
    }
}
