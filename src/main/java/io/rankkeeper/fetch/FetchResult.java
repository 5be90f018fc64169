package io.rankkeeper.fetch;

import io.rankkeeper.model.Outcome;
import java.net.URI;
import java.time.Duration;

/**
 * The end of fetching one URL, after retries.
 *
 * @param outcome OK (2xx with a body), HTTP_ERROR, NETWORK_ERROR, TIMEOUT, TOO_LARGE,
 *     ROBOTS_DENIED or BACKED_OFF
 * @param httpStatus the last status received, or null
 * @param attempts requests made (0 when not fetched)
 * @param duration time from the first attempt to the end
 * @param bytes decoded body bytes received
 * @param finalUrl the URL after redirects, or null
 * @param body the decoded text of the last response (also for error statuses, so block pages
 *     can be recognised), or null
 * @param bodyHash a hex hash of the body bytes, or null
 * @param detail a short explanation for a non-OK outcome, or null
 */
public record FetchResult(
        Outcome outcome,
        Integer httpStatus,
        int attempts,
        Duration duration,
        long bytes,
        URI finalUrl,
        String body,
        String bodyHash,
        String detail) {
}
