package io.rankkeeper.fetch;

import io.rankkeeper.model.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one GET and reads its body under a total timeout (connect to last byte) and a size
 * cap. Turns every failure into an {@link Exchange}; the returned future never fails.
 * Thread-safe.
 */
final class Exchanger {

    private static final Logger LOG = LoggerFactory.getLogger(Exchanger.class);
    static final String ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private final HttpClient client;
    private final ScheduledExecutorService timer;
    private final String userAgent;
    private final Duration timeout;
    private final BodyBuffers buffers;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

    Exchanger(HttpClient client, ScheduledExecutorService timer, String userAgent, Duration timeout, BodyBuffers buffers) {
        this.buffers = buffers;
        this.client = client;
        this.timer = timer;
        this.userAgent = userAgent;
        this.timeout = timeout;
    }

    /**
     * GETs {@code url}, keeping at most {@code maxBodySize} decompressed body bytes; with
     * {@code keepPrefix} a body announced as larger is still read up to the cap.
     */
    CompletableFuture<Exchange> send(URI url, long maxBodySize, boolean keepPrefix) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url)
                    .GET()
                    .timeout(timeout)
                    .header("User-Agent", userAgent)
                    .header("Accept", ACCEPT)
                    .header("Accept-Encoding", "gzip, deflate")
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(
                    Exchange.failed(url, Outcome.NETWORK_ERROR, "unsupported URL: " + e.getMessage(), false));
        }
        CompletableFuture<Exchange> result = new CompletableFuture<>();
        AtomicReference<CappedBodySubscriber> body = new AtomicReference<>();
        HttpResponse.BodyHandler<ReceivedBody> handler = info -> {
            CappedBodySubscriber subscriber = new CappedBodySubscriber(maxBodySize,
                    info.headers().firstValue("Content-Encoding").orElse(null),
                    info.headers().firstValueAsLong("Content-Length").orElse(-1), keepPrefix, buffers);
            body.set(subscriber);
            if (result.isDone()) {
                subscriber.abort(); // the timeout fired while the headers were on their way
            }
            return subscriber;
        };
        CompletableFuture<HttpResponse<ReceivedBody>> sent;
        ScheduledFuture<?> deadline;
        try {
            sent = client.sendAsync(request, handler);
            inFlight.add(sent);
            deadline = timer.schedule(() -> {
                if (result.complete(Exchange.failed(url, Outcome.TIMEOUT,
                        "no complete answer within " + timeout.toMillis() + " ms", true))) {
                    CappedBodySubscriber subscriber = body.get();
                    if (subscriber != null) {
                        subscriber.abort();
                    }
                    sent.cancel(true);
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Exchange.failed(url, Outcome.NETWORK_ERROR, "fetcher closed", false));
        } catch (RuntimeException e) { // the client refused the request outright
            return CompletableFuture.completedFuture(failure(url, e));
        }
        sent.whenComplete((response, error) -> {
            deadline.cancel(false);
            inFlight.remove(sent);
            result.complete(error == null
                    ? Exchange.answered(url, response.statusCode(), response.headers(), response.body())
                    : failure(url, error));
        });
        return result;
    }

    /** Cancels every request in flight (the fetcher is closing). */
    void cancelAll() {
        inFlight.forEach(request -> request.cancel(true));
    }

    static Exchange failure(URI url, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return Exchange.failed(url, Outcome.TIMEOUT, "connect timed out", true);
        }
        if (cause instanceof HttpTimeoutException) {
            return Exchange.failed(url, Outcome.TIMEOUT, "no answer in time: " + cause.getMessage(), true);
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
        if (cause instanceof IOException) {
            return Exchange.failed(url, Outcome.NETWORK_ERROR, cause.getClass().getSimpleName() + suffix(cause), true);
        }
        LOG.warn("Unexpected failure fetching {}", url, cause);
        return Exchange.failed(url, Outcome.NETWORK_ERROR, "unexpected " + cause, false);
    }

    private static String suffix(Throwable cause) {
        return cause.getMessage() == null ? "" : ": " + cause.getMessage();
    }
}
