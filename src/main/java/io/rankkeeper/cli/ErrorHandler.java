package io.rankkeeper.cli;

import io.rankkeeper.config.ConfigException;
import io.rankkeeper.store.StoreException;
import java.io.PrintWriter;
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
        err.println("error: " + error);
        error.printStackTrace(err);
        err.flush();
        return ExitCodes.FAILURE;
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
