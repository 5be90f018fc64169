package io.rankkeeper.fetch;

/**
 * The decompressed bytes of one response body, as far as they were read. The array may be
 * longer than {@code length}; only the first {@code length} bytes count. Never modified after
 * creation; do not modify it either.
 *
 * @param bytes the buffer holding the body
 * @param length how many bytes of the buffer are body
 * @param tooLarge true when the body went past the cap and reading stopped there
 * @param seen how many body bytes arrived (decompressed): {@code length}, except for a body too
 *     large, of which only the first part may be kept
 */
record ReceivedBody(byte[] bytes, int length, boolean tooLarge, long seen) {

    static final ReceivedBody EMPTY = new ReceivedBody(new byte[0], 0, false);

    ReceivedBody(byte[] bytes, int length, boolean tooLarge) {
        this(bytes, length, tooLarge, length);
    }
}
