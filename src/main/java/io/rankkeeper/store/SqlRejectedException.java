package io.rankkeeper.store;

/**
 * A statement given to {@link Store#query} was refused before it ran (it would write, or it is
 * not a single query) or the database could not run it (bad SQL); the message says which and
 * carries the database's own message. Nothing was changed.
 */
public final class SqlRejectedException extends StoreException {

    private static final long serialVersionUID = 1L;

    SqlRejectedException(String message) {
        super(message);
    }

    SqlRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
