package io.rankkeeper.model;

/**
 * What happened when one target was attempted in one run. Every attempt is stored with exactly
 * one outcome; only {@link #OK} carries ranks. Immutable, thread-safe.
 */
public enum Outcome {
    /** The page was fetched and at least one rank was read from it. */
    OK,
    /** A recognisable product page that shows no rank. */
    NOT_RANKED,
    /** A robot check, captcha or anti-bot error page (whatever its HTTP status). */
    BLOCKED,
    /** The server answered with an HTTP error status that is not an anti-bot page. */
    HTTP_ERROR,
    /** Connection refused, reset, DNS failure, TLS failure, redirect loop. */
    NETWORK_ERROR,
    /** No complete answer within the configured total timeout. */
    TIMEOUT,
    /** The page came back but is not recognisable as the kind of page the extractor reads. */
    LAYOUT_CHANGED,
    /** robots.txt disallows the URL for our user agent; it was not fetched. */
    ROBOTS_DENIED,
    /** Not attempted: the host is in backoff after earlier errors or a Retry-After. */
    BACKED_OFF,
    /** The body was larger than the configured maximum; it was not read to the end. */
    TOO_LARGE;

    /** True for outcomes where the page answered and was read as the expected kind of page. */
    public boolean isSuccess() {
        return this == OK || this == NOT_RANKED;
    }
}
