package io.rankkeeper.fetch;

/**
 * The decompressed bytes of one response body, as far as they were read. The array may be
 * longer than {@code length}; only the first {@code length} bytes count. Never modified after
 * creation; do not modify it either.
 *
 * @param bytes the buffer holding the body
 * @param length how many bytes of the buffer are body
 * @param tooLarge true when the body went past the cap and reading stopped there
 */
record ReceivedBody(byte[] bytes, int length, boolean tooLarge) {

    static final ReceivedBody EMPTY = new ReceivedBody(new byte[0], 0, false);
}
