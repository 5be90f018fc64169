package io.rankkeeper.cli;

import io.rankkeeper.model.RankkeeperException;

/** The arguments name something that does not exist (a group, a target); exit code 2. */
final class UsageException extends RankkeeperException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
