package io.rankkeeper.cli;

import io.rankkeeper.config.ConfigException;
import io.rankkeeper.store.StoreException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one clear message on stderr and a named exit code; a stack trace only for
 * the unexpected.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (error instanceof ConfigException) {
            err.println("error: bad config: " + error.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        if (error instanceof UsageException) {
            err.println("error: " + error.getMessage());
            err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return ExitCodes.USAGE;
        }
        if (error instanceof StoreException) {
            err.println("error: database: " + error.getMessage());
            err.flush();
            return ExitCodes.DATABASE;
        }
        SQLException lost = lostConnection(error);
        if (lost != null) {
            // not a bug: the daemon that served the database stopped, or the server went away
            err.println("error: database: the connection to the database was lost (" + lost.getMessage().lines()
                    .findFirst().orElse("") + "); if the daemon serving it stopped, run the command again");
            err.flush();
            return ExitCodes.DATABASE;
        }
        err.println("error: " + error);
        error.printStackTrace(err);
        err.flush();
        return ExitCodes.FAILURE;
    }

    /** The connection failure in {@code error}'s causes, or null. */
    static SQLException lostConnection(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            // H2 throws the JDK's connection exceptions; PostgreSQL's driver a plain one of class 08
            if (cause instanceof SQLNonTransientConnectionException || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return (SQLException) cause;
            }
        }
        return null;
    }

    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine commandLine = error.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("error: " + error.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(error, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
