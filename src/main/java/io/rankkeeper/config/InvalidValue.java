package io.rankkeeper.config;

/**
 * A value that cannot be used, with what is wrong and the fix; caught by the reader and turned
 * into a located {@link ConfigException} line. Never leaves the package.
 */
final class InvalidValue extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidValue(String message) {
        super(message, null, false, false);
    }
}
