package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a command that fails unexpectedly prints. */
class ErrorHandlerTest {

    private final StringWriter err = new StringWriter();
    private final CommandLine commandLine = new CommandLine(new RootCommand()).setErr(new PrintWriter(err));

    @Test
    void aConnectionLostMidCommandIsADatabaseErrorWithoutAStackTrace() {
        // as Jdbi wraps H2's error when the daemon serving the database stops during `targets`
        Exception error = new IllegalStateException("statement failed", new SQLNonTransientConnectionException(
                "Connection is broken: \"session closed\" [90067-252]\nmore detail", "90067"));

        int exit = new ErrorHandler().handleExecutionException(error, commandLine, null);

        assertThat(exit).isEqualTo(ExitCodes.DATABASE);
        assertThat(err.toString()).isEqualTo("error: database: the connection to the database was lost (Connection is"
                + " broken: \"session closed\" [90067-252]); if the daemon serving it stopped, run the command again"
                + System.lineSeparator());
    }

    @Test
    void aConnectionClassSqlStateCountsAsLostToo() {
        // PostgreSQL's driver: a plain SQLException with SQLState 08006 when the server goes away
        Exception error = new IllegalStateException("x", new java.sql.SQLException("An I/O error occurred", "08006"));

        assertThat(new ErrorHandler().handleExecutionException(error, commandLine, null)).isEqualTo(ExitCodes.DATABASE);
        assertThat(err.toString()).startsWith("error: database: the connection to the database was lost (An I/O error")
                .doesNotContain("\tat ");
    }

    @Test
    void anyOtherFailureKeepsItsStackTrace() {
        Exception error = new IllegalStateException("statement failed", new SQLSyntaxErrorException("bad SQL"));

        int exit = new ErrorHandler().handleExecutionException(error, commandLine, null);

        assertThat(exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).startsWith("error: java.lang.IllegalStateException: statement failed")
                .contains("\tat ").contains("Caused by: java.sql.SQLSyntaxErrorException: bad SQL");
    }

    @Test
    void aJvmOutOfHeapSaysWhatHeapToGiveItWithoutAStackTrace() {
        CommandLine full = new CommandLine(new OutOfHeap()).setErr(new PrintWriter(err));

        int exit = Main.execute(full, "--config", "big.yml");

        long heapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        assertThat(exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).isEqualTo("error: the JVM ran out of heap (Java heap space, " + heapMb + " MB);"
                + " give it more, for example java -Xmx" + 2 * heapMb + "m -jar rankkeeper.jar --config big.yml (the"
                + " targets keep about 1 KB each, and the pages being read want 128 MB)" + System.lineSeparator());
    }

    @CommandLine.Command(name = "run")
    static final class OutOfHeap implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Option(names = "--config")
        String config;

        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }
}
