package io.rankkeeper.config;

import io.rankkeeper.model.RankkeeperException;

/** The config cannot be used; the message names the file, line, key, bad value and the fix. */
public class ConfigException extends RankkeeperException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
