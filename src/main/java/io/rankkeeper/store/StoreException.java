package io.rankkeeper.store;

import io.rankkeeper.model.RankkeeperException;

/** The database cannot be opened, migrated or written; the message says why and what to do. */
public class StoreException extends RankkeeperException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
