package io.rankkeeper.fetch;

import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.PageView;
import java.net.URI;
import java.nio.charset.Charset;
import java.time.Duration;

/**
 * The end of fetching one URL, after retries.
 *
 * <p>The body is kept as the bytes received and decoded on the first call of {@link #body()},
 * which then gives the bytes back to the fetcher's pool. So the text of a page exists only
 * while it is being read by the extractor, on the extraction thread, and a page waiting for
 * extraction costs its bytes once, not bytes plus text. Thread-safe; hand it to one consumer.
 */
public final class FetchResult {

    private final Outcome outcome;
    private final Integer httpStatus;
    private final int attempts;
    private final Duration duration;
    private final long bytes;
    private final URI finalUrl;
    private final String bodyHash;
    private final String detail;
    private String body;
    private byte[] bodyBytes;
    private int bodyLength;
    private String contentType;
    private BodyBuffers buffers;
    private PageHold page;
    private PageView view;

    /**
     * @param outcome OK (2xx with a body), HTTP_ERROR, NETWORK_ERROR, TIMEOUT, TOO_LARGE,
     *     ROBOTS_DENIED or BACKED_OFF
     * @param httpStatus the last status received, or null
     * @param attempts requests made (0 when not fetched)
     * @param duration time from the first attempt to the end
     * @param bytes decoded body bytes received
     * @param finalUrl the URL after redirects, or null
     * @param body the decoded text of the last response (also for error statuses, so block
     *     pages can be recognised), or null
     * @param bodyHash a hex hash of the body bytes, or null
     * @param detail a short explanation for a non-OK outcome, or null
     */
    public FetchResult(Outcome outcome, Integer httpStatus, int attempts, Duration duration, long bytes, URI finalUrl,
            String body, String bodyHash, String detail) {
        this.outcome = outcome;
        this.httpStatus = httpStatus;
        this.attempts = attempts;
        this.duration = duration;
        this.bytes = bytes;
        this.finalUrl = finalUrl;
        this.body = body;
        this.bodyHash = bodyHash;
        this.detail = detail;
    }

    /**
     * A result whose body is decoded from {@code received} when first asked for; then the bytes
     * go back to {@code buffers} and {@code page} (or null) gives its body room back.
     */
    static FetchResult undecoded(Outcome outcome, int httpStatus, int attempts, Duration duration, URI finalUrl,
            ReceivedBody received, String contentType, BodyBuffers buffers, PageHold page, String detail) {
        FetchResult result = new FetchResult(outcome, httpStatus, attempts, duration, received.length(), finalUrl, null,
                received.hash(), detail);
        result.bodyBytes = received.bytes();
        result.bodyLength = received.length();
        result.contentType = contentType;
        result.buffers = buffers;
        result.page = page;
        return result;
    }

    public Outcome outcome() {
        return outcome;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    public int attempts() {
        return attempts;
    }

    public Duration duration() {
        return duration;
    }

    public long bytes() {
        return bytes;
    }

    public URI finalUrl() {
        return finalUrl;
    }

    /** The decoded text of the last response, or null. */
    public synchronized String body() {
        if (body == null && bodyBytes != null) {
            body = PageText.decode(bodyBytes, bodyLength, contentType);
            if (view == null) {
                release();
            }
        }
        return body;
    }

    /**
     * The body as a {@link PageView} when its charset allows one (declared, and UTF-8 or
     * single-byte): a plain copy of the bytes instead of a decode, for extractors that look for
     * ASCII markers and read only what they keep. Null otherwise (use {@link #body()}), and when
     * the text was already decoded. The view reads the body's bytes as it goes, so it holds
     * them (and the page's body room) until {@link #discardBody()}, which releases the view.
     */
    public synchronized PageView view() {
        if (view == null && bodyBytes != null) {
            Charset charset = PageText.viewCharset(bodyBytes, bodyLength, contentType);
            if (charset != null) {
                int start = PageText.utf8BomLength(bodyBytes, bodyLength);
                view = PageView.ofBytes(bodyBytes, start, bodyLength - start, charset);
            }
        }
        return view;
    }

    /**
     * Lets go of the body, as bytes or text, once the caller is done with it: the result may
     * be referenced a while longer (by a completed future the collector has promoted, which then
     * keeps a young page alive and gets it copied and promoted too), while the page is 0.4 to
     * 1 MB. Later calls of {@link #body()} and {@link #view()} return null.
     */
    public synchronized void discardBody() {
        if (bodyBytes != null) {
            release();
        }
        body = null;
        view = null;
    }

    private void release() {
        if (view != null) {
            view.release();
        }
        buffers.give(bodyBytes);
        bodyBytes = null;
        buffers = null;
        if (page != null) {
            page.releaseBody();
            page = null;
        }
    }

    public String bodyHash() {
        return bodyHash;
    }

    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return "FetchResult[outcome=" + outcome + ", httpStatus=" + httpStatus + ", attempts=" + attempts
                + ", duration=" + duration + ", bytes=" + bytes + ", finalUrl=" + finalUrl + ", bodyHash=" + bodyHash
                + ", detail=" + detail + "]";
    }
}
