package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

class StopSignalsTest {

    private static final Signal INT = new Signal("INT");

    @Test
    void stopThenStopWaitingThenQuitEachSayingWhatTheNextSignalDoes() {
        List<String> done = new ArrayList<>();
        StringWriter said = new StringWriter();
        SignalHandler handler = StopSignals.handler(new PrintWriter(said), false, () -> done.add("stop"),
                () -> done.add("stop waiting"), () -> done.add("quit"));

        handler.handle(INT);
        assertThat(done).containsExactly("stop");
        assertThat(said.toString()).contains("Stopping: requests in flight may finish within daemon.shutdownGrace",
                "Press Ctrl-C again to stop without waiting for them.");

        handler.handle(new Signal("TERM"));
        assertThat(done).containsExactly("stop", "stop waiting");
        assertThat(said.toString()).contains("Stopping without waiting for the requests in flight: storing what came back",
                "Press Ctrl-C again to quit at once");

        handler.handle(INT);
        handler.handle(INT);
        assertThat(done).containsExactly("stop", "stop waiting", "quit", "quit");
        assertThat(said.toString().lines()).hasSize(2);
    }

    /** On a terminal the cursor is after the echoed ^C, at the end of the progress bar: a line of its own. */
    @Test
    void onATerminalEachMessageStartsOnALineOfItsOwn() {
        StringWriter said = new StringWriter();
        SignalHandler handler = StopSignals.handler(new PrintWriter(said), true, () -> { }, () -> { }, () -> { });

        handler.handle(INT);
        handler.handle(INT);

        String nl = System.lineSeparator();
        assertThat(said.toString()).startsWith(nl + "Stopping: ").contains(nl + nl + "Stopping without waiting");
    }
}
