package io.rankkeeper.model;

/**
 * The one base of rankkeeper's own unchecked exceptions: for the unexpected, and for input that
 * cannot be used (bad config, an unusable database). Messages carry the evidence and the fix.
 */
public class RankkeeperException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RankkeeperException(String message) {
        super(message);
    }

    public RankkeeperException(String message, Throwable cause) {
        super(message, cause);
    }
}
