package io.rankkeeper.fetch;

import io.rankkeeper.model.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one GET and reads its body under a total timeout (connect to last byte) and a size
 * cap. Turns every failure into an {@link Exchange}; the returned future never fails.
 *
 * <p>On Jetty's client: it reads the network into pooled buffers and hands each piece to the
 * body collector, which copies it into the page's own (pooled) array at once, so a page costs
 * no garbage per read. Thread-safe.
 */
final class Exchanger {

    private static final Logger LOG = LoggerFactory.getLogger(Exchanger.class);
    static final String ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private final HttpClient client;
    private final ScheduledExecutorService timer;
    private final String userAgent;
    private final Duration timeout;
    private final BodyBuffers buffers;
    private final Set<Request> inFlight = ConcurrentHashMap.newKeySet();

    Exchanger(HttpClient client, ScheduledExecutorService timer, String userAgent, Duration timeout, BodyBuffers buffers) {
        this.buffers = buffers;
        this.client = client;
        this.timer = timer;
        this.userAgent = userAgent;
        this.timeout = timeout;
    }

    /**
     * GETs {@code url}, keeping at most {@code maxBodySize} decompressed body bytes; with
     * {@code keepPrefix} a body announced as larger is still read up to the cap. The body of a
     * request of {@code page} is read only once the page has body room (see {@link BodyRoom});
     * a request of no page (robots.txt) reads at once.
     */
    CompletableFuture<Exchange> send(URI url, long maxBodySize, boolean keepPrefix, PageHold page) {
        Request request;
        try {
            if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())
                    || url.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL with a host: " + url);
            }
            request = client.newRequest(url)
                    .method(HttpMethod.GET)
                    .headers(headers -> headers
                            .put(HttpHeader.USER_AGENT, userAgent)
                            .put(HttpHeader.ACCEPT, ACCEPT)
                            .put(HttpHeader.ACCEPT_ENCODING, "gzip, deflate"));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(
                    Exchange.failed(url, Outcome.NETWORK_ERROR, "unsupported URL: " + e.getMessage(), false));
        }
        CompletableFuture<Exchange> result = new CompletableFuture<>();
        AtomicReference<CappedBodySubscriber> body = new AtomicReference<>();
        request.onResponseHeaders(response -> {
            CappedBodySubscriber subscriber = new CappedBodySubscriber(maxBodySize,
                    response.getHeaders().get(HttpHeader.CONTENT_ENCODING),
                    response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH), keepPrefix, buffers);
            body.set(subscriber);
            subscriber.onSubscribe(new Cancelling(response));
            if (result.isDone()) {
                subscriber.abort(); // the timeout fired while the headers were on their way
            }
        });
        request.onResponseContentAsync((response, chunk, demander) -> {
            CappedBodySubscriber subscriber = body.get();
            if (subscriber == null) {
                demander.run();
            } else if (page == null || page.bodyHeld) {
                read(response, subscriber, chunk, demander);
            } else {
                // Jetty releases the chunk when this returns: keep it until it is read. Until the
                // demander runs, Jetty reads nothing more of this answer.
                chunk.retain();
                page.whenBodyRoom(() -> {
                    try {
                        read(response, subscriber, chunk, demander);
                    } finally {
                        chunk.release();
                    }
                });
            }
        });
        ScheduledFuture<?> deadline;
        try {
            deadline = timer.schedule(() -> {
                if (result.complete(Exchange.failed(url, Outcome.TIMEOUT,
                        "no complete answer within " + timeout.toMillis() + " ms", true))) {
                    CappedBodySubscriber subscriber = body.get();
                    if (subscriber != null) {
                        subscriber.abort();
                    }
                    request.abort(new TimeoutException("total timeout"));
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Exchange.failed(url, Outcome.NETWORK_ERROR, "fetcher closed", false));
        }
        inFlight.add(request);
        try {
            request.send(outcome -> {
                deadline.cancel(false);
                inFlight.remove(request);
                complete(result, url, outcome, body.get());
            });
        } catch (RuntimeException e) { // the client refused the request outright
            deadline.cancel(false);
            inFlight.remove(request);
            result.complete(failure(url, e));
        }
        return result;
    }

    /**
     * Copies a piece of the body (at once: Jetty reuses its buffer) and asks for the next one;
     * what goes wrong (out of memory) ends the response, which would otherwise wait for its timeout.
     */
    private static void read(Response response, CappedBodySubscriber subscriber, Content.Chunk chunk, Runnable demander) {
        try {
            subscriber.onNext(List.of(chunk.getByteBuffer()));
            demander.run();
        } catch (Throwable error) {
            response.abort(error);
        }
    }

    private static void complete(CompletableFuture<Exchange> result, URI url, Result outcome,
            CappedBodySubscriber subscriber) {
        if (result.isDone()) {
            return;
        }
        Response response = outcome.getResponse();
        if (subscriber == null) {
            result.complete(outcome.isFailed() ? failure(url, outcome.getFailure())
                    : Exchange.answered(url, response.getStatus(), response.getHeaders(), ReceivedBody.EMPTY));
            return;
        }
        if (outcome.isSucceeded()) {
            subscriber.onComplete();
        } else {
            // a body stopped at the cap was aborted by us: its future is already complete
            subscriber.onError(outcome.getFailure());
        }
        subscriber.getBody().whenComplete((received, error) -> result.complete(error == null
                ? Exchange.answered(url, response.getStatus(), response.getHeaders(), received)
                : failure(url, error)));
    }

    /** The body collector's way to stop reading: aborting the response closes its connection. */
    private record Cancelling(Response response) implements Flow.Subscription {

        @Override
        public void request(long n) {
            // Jetty pushes content as it arrives
        }

        @Override
        public void cancel() {
            response.abort(new CancellationException("body reading stopped"));
        }
    }

    /** Cancels every request in flight (the fetcher is closing). */
    void cancelAll() {
        inFlight.forEach(request -> request.abort(new CancellationException("fetcher closed")));
    }

    static Exchange failure(URI url, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
            return Exchange.failed(url, Outcome.TIMEOUT, "no answer in time" + suffix(cause), true);
        }
        if (cause instanceof ConnectException) {
            return Exchange.failed(url, Outcome.NETWORK_ERROR, "connection refused" + suffix(cause), true);
        }
        if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException
                || cause.getCause() instanceof UnresolvedAddressException) {
            return Exchange.failed(url, Outcome.NETWORK_ERROR, "unknown host " + url.getHost(), true);
        }
        if (cause instanceof SSLException) {
            return Exchange.failed(url, Outcome.NETWORK_ERROR, "TLS failure" + suffix(cause), false);
        }
        if (cause instanceof ZipException) {
            return Exchange.failed(url, Outcome.NETWORK_ERROR, cause.getMessage(), false);
        }
        if (cause instanceof CancellationException) {
            return Exchange.failed(url, Outcome.NETWORK_ERROR, "request cancelled", false);
        }
        if (cause instanceof BadMessageException || cause instanceof HttpResponseException) {
            return Exchange.failed(url, Outcome.NETWORK_ERROR, "malformed response" + suffix(cause), true);
        }
        if (cause instanceof IOException) {
            return Exchange.failed(url, Outcome.NETWORK_ERROR, cause.getClass().getSimpleName() + suffix(cause), true);
        }
        // Retried: the HTTP client itself can fail a response now and then (Jetty 12 read a network
        // buffer that was released under it: "newPosition > limit", jetty/jetty.project#13400),
        // and the next attempt gets a fresh connection. A failure that repeats is stored as it is.
        LOG.warn("Unexpected failure fetching {}", url, cause);
        return Exchange.failed(url, Outcome.NETWORK_ERROR, "unexpected " + cause, true);
    }

    private static String suffix(Throwable cause) {
        return cause.getMessage() == null ? "" : ": " + cause.getMessage();
    }
}
