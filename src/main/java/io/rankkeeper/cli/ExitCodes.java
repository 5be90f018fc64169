package io.rankkeeper.cli;

/** The process exit codes; documented in the README. */
final class ExitCodes {

    /** The command did what it was asked (a run that completed, even with failed targets). */
    static final int OK = 0;
    /** Something unexpected failed; the message and the log say what. */
    static final int FAILURE = 1;
    /** Bad command-line arguments or a bad config file. */
    static final int USAGE = 2;
    /** The database could not be opened, migrated or written. */
    static final int DATABASE = 3;
    /** Stopped by a signal before it finished (128 + SIGINT). */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
