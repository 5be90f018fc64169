package io.rankkeeper.schedule;

import io.rankkeeper.model.RankkeeperException;

/** The scheduler could not be set up, synced or read. */
public class ScheduleException extends RankkeeperException {

    private static final long serialVersionUID = 1L;

    public ScheduleException(String message, Throwable cause) {
        super(message, cause);
    }
}
