package io.rankkeeper.fetch;

import io.rankkeeper.model.Outcome;
import java.net.URI;
import org.eclipse.jetty.http.HttpFields;

/**
 * What one HTTP request (one hop of a redirect chain) came to: either an answer (status,
 * headers, body) or a failure with no usable answer. Immutable.
 *
 * @param url the URL requested
 * @param failure null for an answer; else NETWORK_ERROR, TIMEOUT, BACKED_OFF or ROBOTS_DENIED (a redirect)
 * @param detail what went wrong, for a failure
 * @param retryable whether trying again later may help (connection trouble, timeout)
 * @param status the HTTP status of an answer
 * @param headers the headers of an answer
 * @param body the body of an answer
 */
record Exchange(URI url, Outcome failure, String detail, boolean retryable, int status, HttpFields headers,
        ReceivedBody body) {

    static Exchange failed(URI url, Outcome failure, String detail, boolean retryable) {
        return new Exchange(url, failure, detail, retryable, 0, null, null);
    }

    static Exchange answered(URI url, int status, HttpFields headers, ReceivedBody body) {
        return new Exchange(url, null, null, false, status, headers, body);
    }

    boolean isAnswer() {
        return failure == null;
    }

    String header(String name) {
        return headers == null ? null : headers.get(name);
    }
}
