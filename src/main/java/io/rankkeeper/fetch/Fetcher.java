package io.rankkeeper.fetch;

import io.rankkeeper.model.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches pages politely: per-host concurrency and delay, retries with backoff, Retry-After,
 * robots.txt, a size cap, decompression. Many requests in flight without a thread each.
 * Thread-safe; one per process, its per-host state outlives a run.
 *
 * <p>Futures complete on the fetcher's own few threads: do heavy work on the result (parsing)
 * in an async stage on your own executor. {@code attempts} counts attempts, each of which may
 * follow redirects; {@code duration} includes time waiting for politeness and backoff.
 */
public final class Fetcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);
    /** The first retry waits about this long; each further failure doubles it. */
    static final Duration DEFAULT_RETRY_BASE = Duration.ofSeconds(1);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final int MAX_IO_THREADS = 4;
    static final int HTTP_THREADS = 16;
    /** Network reads of this size, from Jetty's buffer pool: fewer reads per page than 16 KB. */
    private static final int READ_BUFFER = 64 * 1024;
    private static final int MAX_RESPONSE_HEADERS = 256 * 1024;
    /** Size step of Jetty's network buffers, as in HttpClient's own pool. */
    private static final int NETWORK_BUFFER_STEP = 2048;
    private static final Duration IDLE_CONNECTION = Duration.ofSeconds(30);
    /**
     * Below this heap of the JVM's no body arrays are kept for reuse, whatever its pages get: a
     * very small heap needs every byte for the few bodies it reads at once and the rest of the
     * program. Above it the pool pays for itself: at {@code -Xmx128m}
     * (SerialGC, 128 in flight, 22 bodies read at once) without one the collector took 0.87 ms
     * of CPU per page (594 pages/s), with a quarter of the heap pooled 0.11 ms (1,230 pages/s),
     * measured with the benchmark. (The floor was 192 MB while a small heap read as many bodies
     * as requests were in flight: WebFaultsIT's 128 MB daemon then ran out of heap now and then.)
     */
    static final long MIN_HEAP_FOR_POOLED_BODIES = 96L * 1024 * 1024;
    /**
     * Below this heap for pages (what the targets leave of a larger heap) no body arrays are kept
     * for reuse either. It was the 96 MB above until the pages' heap became what the targets
     * leave: a 100,000-target {@code run} at -Xmx225m, left 87 MB, made 297 pages/s in 1,980 full
     * collections without a pool, and 1,785 pages/s in 13 with one of 22 MB.
     */
    public static final long MIN_PAGES_HEAP_FOR_POOLED_BODIES = 64L * 1024 * 1024;

    private final FetchSettings settings;
    private final Clock clock;
    private final ExecutorService io;
    private final ScheduledThreadPoolExecutor timer;
    private final HostBackoff backoff;
    private final PoliteGate gate;
    private final BodyRoom bodyRoom;
    private final HttpClient client;
    private final Exchanger exchanger;
    private final RedirectFollower follower;
    private final RobotsRules robots;
    private final BodyBuffers buffers;
    private final Set<CompletableFuture<FetchResult>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public Fetcher(FetchSettings settings) {
        this(settings, 0);
    }

    /**
     * A fetcher that holds at most {@code maxConcurrency + queuedPages} pages of
     * {@link #newPage()} at once: the pages in flight plus those fetched and not yet done.
     */
    public Fetcher(FetchSettings settings, int queuedPages) {
        this(settings, queuedPages, settings.maxConcurrency() + queuedPages, Runtime.getRuntime().maxMemory());
    }

    /**
     * As {@link #Fetcher(FetchSettings, int)}, reading the bodies of at most {@code maxBodies} of
     * those pages at once: the answers of the others wait unread until one is done with its
     * body (see {@link BodyRoom}). {@code pagesHeap} is the heap the rest of the program leaves
     * to pages; the pool of body arrays is sized from it.
     */
    public Fetcher(FetchSettings settings, int queuedPages, int maxBodies, long pagesHeap) {
        this(settings, queuedPages, maxBodies, pagesHeap, DEFAULT_RETRY_BASE);
    }

    /** For tests: a short retry base keeps retry tests fast. */
    Fetcher(FetchSettings settings, Duration retryBase) {
        this(settings, 0, settings.maxConcurrency(), retryBase);
    }

    /** As {@link #Fetcher(FetchSettings, int, int, long)} for the whole heap; tests give a short retry base. */
    Fetcher(FetchSettings settings, int queuedPages, int maxBodies, Duration retryBase) {
        this(settings, queuedPages, maxBodies, Runtime.getRuntime().maxMemory(), retryBase);
    }

    private Fetcher(FetchSettings settings, int queuedPages, int maxBodies, long pagesHeap, Duration retryBase) {
        this.settings = settings;
        this.buffers = new BodyBuffers(idleBodyBytes(Runtime.getRuntime().maxMemory(), pagesHeap));
        // The system clock, always: the gate turns backoff instants into timer delays.
        this.clock = Clock.systemUTC();
        int ioThreads = Math.min(MAX_IO_THREADS, Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.io = Executors.newFixedThreadPool(ioThreads, named("rankkeeper-fetch-io-"));
        this.timer = new ScheduledThreadPoolExecutor(1, named("rankkeeper-fetch-timer-"));
        timer.setRemoveOnCancelPolicy(true); // most timeouts are cancelled: do not keep them queued
        this.backoff = new HostBackoff(clock, retryBase);
        this.gate = new PoliteGate(settings.maxConcurrency(), queuedPages, settings.perHostConcurrency(),
                settings.perHostDelay(), backoff::until, io, timer);
        this.bodyRoom = new BodyRoom(maxBodies, io);
        this.client = httpClient(settings);
        this.exchanger = new Exchanger(client, timer, settings.userAgent(), settings.timeout(), buffers);
        this.follower = new RedirectFollower(gate, exchanger, backoff, settings.maxRetryWait(), clock);
        this.robots = new RobotsRules(follower, backoff, gate, settings.userAgent(), clock);
    }

    /**
     * Jetty's HTTP/1.1 client: no redirects (we follow them), no cookies (every request is a
     * stranger), no decoding (the body collector inflates under the cap), no User-Agent of its own.
     */
    private static HttpClient httpClient(FetchSettings settings) {
        QueuedThreadPool threads = new QueuedThreadPool(HTTP_THREADS, 2);
        threads.setName("rankkeeper-http");
        threads.setDaemon(true);
        HttpClient client = new HttpClient();
        client.setExecutor(threads);
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(null);
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        client.setIdleTimeout(IDLE_CONNECTION.toMillis());
        client.setMaxConnectionsPerDestination(Math.max(settings.maxConcurrency(), settings.perHostConcurrency()) + 2);
        client.setResponseBufferSize(READ_BUFFER);
        client.setByteBufferPool(networkBuffers(settings.maxConcurrency(), Runtime.getRuntime().maxMemory()));
        client.setMaxResponseHeadersSize(MAX_RESPONSE_HEADERS);
        try {
            client.start();
            // after start(): starting registers the decoders found on the class path
            client.getContentDecoderFactories().clear();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the HTTP client: " + e.getMessage(), e);
        }
        return client;
    }

    /**
     * Jetty's pool of network buffers, sized for the connections in flight. HttpClient's own
     * keeps at most half its thread count (8) buffers of a size, so with 128 answers holding a
     * read buffer each (those waiting for body room keep theirs) it missed all the time:
     * async-profiler counted 1.7 fresh 64 KB direct buffers per page. Each one is zeroed native
     * memory, freed only once the collector has found its buffer object dead, which on a small
     * heap can take a full collection: a 128 MB JVM held 42 to 67 MB of them at its peak (native
     * memory tracking, "Other"), 8 MB with this pool. Here every connection in flight and every
     * HTTP thread can keep a buffer of each size. Idle buffers are kept up to the bytes of twice
     * that many 64 KB reads (the smaller request and header buffers of the other sizes count
     * against the same limit), and at most an eighth of the heap, as Jetty's own default does
     * (beyond that a released buffer is dropped).
     */
    static ArrayByteBufferPool networkBuffers(int maxConcurrency, long maxHeap) {
        int perSize = maxConcurrency + HTTP_THREADS;
        long maxIdleBytes = Math.max(READ_BUFFER, Math.min(2L * perSize * READ_BUFFER, maxHeap / 8));
        return new ArrayByteBufferPool(0, NETWORK_BUFFER_STEP, READ_BUFFER, perSize, maxIdleBytes, maxIdleBytes);
    }

    /**
     * Idle body bytes kept for reuse: none in a small JVM or with a small heap for pages, else a
     * quarter of the pages' heap up to the pool's most (see {@link BodyBuffers} for why so much).
     */
    static long idleBodyBytes(long jvmHeap, long pagesHeap) {
        return jvmHeap < MIN_HEAP_FOR_POOLED_BODIES || pagesHeap < MIN_PAGES_HEAP_FOR_POOLED_BODIES ? 0
                : Math.min(BodyBuffers.DEFAULT_MAX_IDLE_BYTES, pagesHeap / 4);
    }

    /** Fetches {@code url}; the future never completes exceptionally. */
    public CompletableFuture<FetchResult> fetch(URI url, boolean obeyRobots) {
        return fetch(url, obeyRobots, null);
    }

    /**
     * A page to fetch with {@link #fetch(URI, boolean, PageHold)} and keep until its
     * {@link PageHold#done()}, which the caller must call (also when the fetch failed).
     */
    public PageHold newPage() {
        return new PageHold(gate, bodyRoom);
    }

    /** Jetty's pool of network buffers (see {@link #networkBuffers(int, long)}), for tests. */
    ArrayByteBufferPool networkBuffers() {
        return (ArrayByteBufferPool) client.getByteBufferPool();
    }

    /** Pages of {@link #newPage()} held now (fetching or fetched, not yet done). */
    int heldPages() {
        return gate.heldPages();
    }

    /** Pages of {@link #newPage()} whose body is in memory now (being read, or fetched and not yet given back). */
    int heldBodies() {
        return bodyRoom.held();
    }

    /**
     * As {@link #fetch(URI, boolean)}, as {@code page}: its first request waits until fewer than
     * the most pages are held.
     */
    public CompletableFuture<FetchResult> fetch(URI url, boolean obeyRobots, PageHold page) {
        long startNanos = System.nanoTime();
        CompletableFuture<FetchResult> outer = new CompletableFuture<>();
        if (closed) {
            outer.complete(closedResult(startNanos));
            return outer;
        }
        pending.add(outer);
        outer.whenComplete((result, error) -> pending.remove(outer));
        CompletableFuture<FetchResult> inner;
        try {
            inner = start(url, obeyRobots, page, startNanos);
        } catch (RuntimeException e) {
            inner = CompletableFuture.failedFuture(e);
        }
        inner.whenComplete((result, error) -> outer.complete(error == null ? result : unexpected(url, error, startNanos)));
        if (closed) { // closed while starting: do not leave the caller waiting
            outer.complete(closedResult(startNanos));
        }
        return outer;
    }

    /** Tells the fetcher that a page of this host was an anti-bot page: back the host off. */
    public void reportBlocked(URI url) {
        Instant until = backoff.recordBlocked(HostKey.of(url));
        LOG.info("Host {} reported blocking us; backed off until {}", HostKey.of(url), until);
    }

    /** Hosts in backoff now, with the time their backoff ends. */
    public Map<String, Instant> hostsInBackoff() {
        return backoff.snapshot();
    }

    /** Seeds backoffs saved by an earlier process (host key as in {@link #hostsInBackoff()}). */
    public void restoreBackoff(Map<String, Instant> backoffs) {
        backoff.restore(backoffs);
    }

    /** Fails pending fetches as NETWORK_ERROR "fetcher closed" and stops the threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Answer the callers first, so the cancellations below cannot answer them differently.
        pending.forEach(future -> future.complete(closedResult(System.nanoTime())));
        gate.close();
        exchanger.cancelAll();
        bodyRoom.close(); // after the cancels: a waiting answer's read then only lets go of its buffer
        timer.shutdownNow();
        io.shutdown();
        try {
            if (!io.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Fetcher threads still busy after {}; interrupting them", CLOSE_WAIT);
                io.shutdownNow();
            }
        } catch (InterruptedException e) {
            io.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            client.stop();
        } catch (Exception e) {
            LOG.warn("The HTTP client did not stop cleanly: {}", e.toString());
        }
    }

    private CompletableFuture<FetchResult> start(URI url, boolean obeyRobots, PageHold page, long startNanos) {
        RetryingFetch fetch = new RetryingFetch(follower, backoff, settings, clock, url, startNanos,
                obeyRobots ? robots::check : null, buffers, page);
        if (!obeyRobots) {
            return fetch.run();
        }
        return robots.check(url).thenCompose(verdict -> switch (verdict.kind()) {
            case ALLOWED -> fetch.run();
            case DENIED -> CompletableFuture.completedFuture(notFetched(Outcome.ROBOTS_DENIED, verdict.detail(), startNanos));
            case DEFERRED -> CompletableFuture.completedFuture(notFetched(Outcome.BACKED_OFF, verdict.detail(), startNanos));
        });
    }

    private FetchResult unexpected(URI url, Throwable error, long startNanos) {
        if (closed) {
            return closedResult(startNanos);
        }
        LOG.warn("Unexpected failure fetching {}", url, error);
        return notFetched(Outcome.NETWORK_ERROR, "unexpected failure: " + error, startNanos);
    }

    private static FetchResult closedResult(long startNanos) {
        return notFetched(Outcome.NETWORK_ERROR, "fetcher closed", startNanos);
    }

    private static FetchResult notFetched(Outcome outcome, String detail, long startNanos) {
        return new FetchResult(outcome, null, 0, Duration.ofNanos(System.nanoTime() - startNanos), 0, null, null, null, detail);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
