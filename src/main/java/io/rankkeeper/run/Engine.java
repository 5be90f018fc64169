package io.rankkeeper.run;

import io.rankkeeper.config.GroupConfig;
import io.rankkeeper.config.HttpConfig;
import io.rankkeeper.config.RankkeeperConfig;
import io.rankkeeper.fetch.FetchSettings;
import io.rankkeeper.fetch.Fetcher;
import io.rankkeeper.model.RunReason;
import io.rankkeeper.model.Target;
import io.rankkeeper.store.DatabaseSettings;
import io.rankkeeper.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts a scrape run needs, opened from the config and closed in order: the store, the
 * fetcher (whose per-host state lives as long as the engine) and the extraction workers.
 * Thread-safe: runs of different groups may execute at once.
 */
public final class Engine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    /** Redirects followed before an attempt is a NETWORK_ERROR. */
    public static final int MAX_REDIRECTS = 5;
    /**
     * The longest wait (Retry-After or backoff) a request sits out in place within a run; a host
     * backing off for longer gets BACKED_OFF attempts instead of holding up the run.
     */
    public static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(10);
    private static final Duration WORKER_SHUTDOWN = Duration.ofSeconds(10);
    /**
     * Heap one page's body holds on average: a product page of up to 1 MB as bytes while it
     * arrives and waits for a worker, then as text on the worker (2 bytes a character once the
     * page has one non-Latin-1 character). Measured before bodies were pooled: 64 real pages of
     * 0.5 to 1.1 MB in flight kept 75 to 90 MB live.
     */
    static final long HEAP_PER_BODY = 2L * 1024 * 1024;
    /**
     * Heap each configured target keeps for as long as the engine runs: its config (key, label,
     * the parsed URL) and the store's id for it. Measured in an idle daemon after a full
     * collection: 15.0 MB with 1,000 targets, 99.7 MB with 100,000 (855 bytes each, short labels).
     */
    static final long HEAP_PER_TARGET = 1024;
    /**
     * Targets' heap that the rest of the program's share holds without crowding the pages: the
     * half of the heap that {@link #bodiesFor} leaves to the program also held the benchmark's
     * 10,000 targets (10 MB) at -Xmx128m, at full speed with 20 bodies at once.
     */
    static final long TARGETS_HEAP_IN_RESERVE = 16L * 1024 * 1024;
    /** Bodies read at once however small the heap: below this a run crawls. */
    static final int MIN_BODIES = 4;
    /** Fetched pages that may wait for each extraction worker. */
    static final int QUEUED_PAGES_PER_WORKER = 2;

    private static final long MB = 1024 * 1024;
    /** Heap for pages with which runs go well: the 128 MB the README advises for a daemon of a few targets. */
    static final long MIN_PAGES_HEAP = 128 * MB;

    private final Store store;
    private final Fetcher fetcher;
    private final ExecutorService workers;
    private final Clock clock;
    private final String node;
    private final int window;
    private final Duration grace;
    /** The threads inside {@link #run} now: {@link #stopWaiting()} interrupts them again. */
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();

    private Engine(RankkeeperConfig config, Store store, Fetcher fetcher, ExecutorService workers, Clock clock,
            int window) {
        this.store = store;
        this.fetcher = fetcher;
        this.workers = workers;
        this.clock = clock;
        this.node = config.cluster().nodeId();
        this.window = window;
        this.grace = config.daemon().shutdownGrace();
    }

    /**
     * Writes the configured targets to the database (new ones added, removed ones marked
     * inactive). The engine keeps no config of its own: a daemon's config is replaced at each
     * edit, and one kept here held the first config's targets for good (55 MB more after one
     * edit of a 100,000-target config).
     */
    public void syncTargets(Collection<Target> targets) {
        store.syncTargets(targets);
    }

    /**
     * Opens the database (migrating it) and starts the fetcher and the workers; see
     * {@link #syncTargets(Collection)}.
     */
    public static Engine open(RankkeeperConfig config) {
        return open(config, false, 0);
    }

    /**
     * As {@link #open(RankkeeperConfig)}, for a caller that keeps {@code callerHeapPerTarget}
     * bytes of its own for each configured target while the engine runs (the {@code run}
     * command's summary rows): the pages are sized from the heap both leave.
     */
    public static Engine open(RankkeeperConfig config, long callerHeapPerTarget) {
        return open(config, false, callerHeapPerTarget);
    }

    /**
     * As {@link #open(RankkeeperConfig)}; with {@code daemon} the store holds the daemon lock,
     * taken before the schema is migrated: exclusive ({@link Store#openExclusive}), or shared
     * with the other nodes when clustered ({@link Store#openClusterNode}).
     */
    static Engine open(RankkeeperConfig config, boolean daemon) {
        return open(config, daemon, 0);
    }

    private static Engine open(RankkeeperConfig config, boolean daemon, long callerHeapPerTarget) {
        DatabaseSettings settings = new DatabaseSettings(config.database().url(), config.database().user(),
                config.database().password());
        Store store = !daemon ? Store.open(settings)
                : config.cluster().enabled() ? Store.openClusterNode(settings)
                : Store.openExclusive(settings, config.database().compactAtStart());
        try {
            HttpConfig http = config.http();
            int concurrency = http.maxConcurrency();
            int cores = Runtime.getRuntime().availableProcessors();
            int queuedPages = queuedPages();
            long maxHeap = Runtime.getRuntime().maxMemory();
            int targets = config.allTargets().size();
            long perTarget = HEAP_PER_TARGET + callerHeapPerTarget;
            long pagesHeap = pagesHeap(maxHeap, targets, perTarget);
            int bodies = bodiesFor(pagesHeap, http, concurrency + queuedPages);
            warnIfTargetsCrowdTheHeap(maxHeap, targets, perTarget, pagesHeap);
            if (bodies < concurrency + queuedPages) {
                log.info("This JVM's heap ({} MB usable) holds {} page bodies at once; the answers of the other requests"
                        + " in flight (http.maxConcurrency {}) wait unread until one is done. With {} MB or more"
                        + " (-Xmx) every page in flight could be read at once.", maxHeap / MB, bodies,
                        concurrency, (targetsShare(targets, perTarget) + heapFor(http, concurrency + queuedPages)) / MB);
            }
            String collectorAdvice = CollectorAdvice.ofThisJvm().advice(maxHeap);
            if (collectorAdvice != null) {
                log.info(collectorAdvice);
            }
            // Fetched pages waiting for extraction and storage count against the requests in
            // flight, for all runs together: groups that run at once hold no more pages than one.
            Fetcher fetcher = new Fetcher(fetchSettings(http, concurrency), queuedPages, bodies, pagesHeap);
            // A host that was backing off when the last process stopped is still backing off.
            fetcher.restoreBackoff(store.hostBackoffs());
            ExecutorService workers = Executors.newFixedThreadPool(cores, namedThreads("rankkeeper-extract"));
            // A run starts at most this many targets ahead of its stored observations: enough to
            // keep every request slot and a short queue per worker busy. What they cost in memory
            // (0.4 to 1 MB a page once its answer arrives) the fetcher bounds for all runs at once.
            int window = concurrency + queuedPages;
            return new Engine(config, store, fetcher, workers, Clock.systemUTC(), window);
        } catch (RuntimeException error) {
            store.close();
            throw error;
        }
    }

    public Store store() {
        return store;
    }

    public String node() {
        return node;
    }

    /** Runs the request now on the calling thread; an interrupt ends it as INTERRUPTED. */
    public RunResult run(RunRequest request, RunListener listener) {
        running.add(Thread.currentThread());
        try {
            return new ScrapeRun(fetcher, store, workers, clock, node, window, grace).execute(request, listener);
        } finally {
            running.remove(Thread.currentThread());
            saveBackoff();
        }
    }

    /**
     * For runs already asked to stop: interrupts each running run again, which cuts its grace
     * period short. Its requests still in flight are dropped; what came back is stored and the
     * run ends as interrupted. Returns the number of runs told.
     */
    public int stopWaiting() {
        List<Thread> runs = List.copyOf(running);
        runs.forEach(Thread::interrupt);
        return runs.size();
    }

    private void saveBackoff() {
        try {
            store.saveHostBackoffs(fetcher.hostsInBackoff());
        } catch (RuntimeException error) {
            log.warn("Could not store the per-host backoff; it is kept in memory", error);
        }
    }

    /** A request for a manual run of {@code targets} of {@code group}, scheduled now. */
    public RunRequest manualRequest(GroupConfig group, List<Target> targets) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return new RunRequest(group.name(), 0, targets, group.extractor(), group.robotsTxt(), now, RunReason.MANUAL);
    }

    /**
     * The page bodies the heap can hold at once: half the heap for bodies, less two bodies at the
     * size cap (a gzip bomb or a 50 MB page grows a buffer up to it), at {@link #HEAP_PER_BODY}
     * each; never more than {@code pages} (those that may be held at once), never fewer than
     * {@link #MIN_BODIES}. Found with a 128 MB heap and 64 real pages in flight: the daemon ran
     * out of memory. The requests in flight are not limited by the heap: an answer that finds
     * no room waits unread (see {@link Fetcher#Fetcher(FetchSettings, int, int, long)}).
     */
    static int bodiesFor(long maxHeap, HttpConfig http, int pages) {
        long forBodies = maxHeap / 2 - 2 * http.maxBodySize();
        long fits = Math.max(MIN_BODIES, forBodies / HEAP_PER_BODY);
        return (int) Math.min(pages, fits);
    }

    /**
     * The page bodies an engine of this JVM reads at once for {@code http} and {@code targets}
     * configured targets: what {@link #bodiesFor} gives for the heap the targets leave and the
     * pages the engine may hold (the requests in flight and two per core waiting for extraction).
     */
    public static int bodiesAtOnce(HttpConfig http, int targets) {
        return bodiesFor(pagesHeap(Runtime.getRuntime().maxMemory(), targets, HEAP_PER_TARGET), http,
                http.maxConcurrency() + queuedPages());
    }

    /** Heap {@code targets} configured targets keep at {@code perTarget} bytes each (see {@link #HEAP_PER_TARGET}). */
    static long targetsHeap(int targets, long perTarget) {
        return targets * perTarget;
    }

    /**
     * The heap that pages (bodies being read and extracted, and the pool of body arrays) are
     * sized from once the targets have theirs, beyond the {@link #TARGETS_HEAP_IN_RESERVE} the rest
     * of the heap holds anyway. Found with 100,000 targets and a 128 MB heap: the targets kept
     * about 85 MB, the bodies and the pool were sized for the whole heap, and the daemon spent
     * its time in back-to-back full collections.
     */
    static long pagesHeap(long maxHeap, int targets, long perTarget) {
        return Math.max(0, maxHeap - targetsShare(targets, perTarget));
    }

    /** What the targets take from the pages' heap: their heap beyond {@link #TARGETS_HEAP_IN_RESERVE}. */
    private static long targetsShare(int targets, long perTarget) {
        return Math.max(0, targetsHeap(targets, perTarget) - TARGETS_HEAP_IN_RESERVE);
    }

    /**
     * Warns when the targets leave pages less than {@link Fetcher#MIN_PAGES_HEAP_FOR_POOLED_BODIES}: few
     * bodies at once and none of the pooled body arrays that spare the collector, so full
     * collections follow each other. With 100,000 targets a daemon ran at about 220 pages/s with
     * -Xmx128m, and at 1,940 with the -Xmx225m this advises.
     */
    private static void warnIfTargetsCrowdTheHeap(long maxHeap, int targets, long perTarget, long left) {
        if (left < Fetcher.MIN_PAGES_HEAP_FOR_POOLED_BODIES) {
            long kept = targetsHeap(targets, perTarget);
            log.warn("{} targets keep about {} MB of this JVM's {} MB heap, which leaves {} MB for the pages being"
                    + " read; runs will be slow. Give the JVM -Xmx{}m or more (about {} KB a target, plus 128 MB).",
                    targets, kept / MB, maxHeap / MB, left / MB, (kept + MIN_PAGES_HEAP) / MB, kilobytes(perTarget));
        }
    }

    /** "1" for 1,024 bytes, "1.5" for 1,536. */
    static String kilobytes(long bytes) {
        return bytes % 1024 == 0 ? Long.toString(bytes / 1024)
                : String.format(java.util.Locale.ROOT, "%.1f", bytes / 1024.0);
    }

    /** Fetched pages that may wait for the extraction workers, one worker per core. */
    private static int queuedPages() {
        return QUEUED_PAGES_PER_WORKER * Runtime.getRuntime().availableProcessors();
    }

    /** The usable heap ({@link Runtime#maxMemory}) that {@link #bodiesFor} needs to hold {@code pages} bodies. */
    static long heapFor(HttpConfig http, int pages) {
        return 2 * (pages * HEAP_PER_BODY + 2 * http.maxBodySize());
    }

    static FetchSettings fetchSettings(HttpConfig http, int concurrency) {
        return new FetchSettings(http.userAgent(), http.timeout(), http.connectTimeout(), concurrency,
                http.perHostConcurrency(), http.perHostDelay(), http.retries(), http.maxBodySize(), MAX_REDIRECTS,
                MAX_RETRY_WAIT);
    }

    /**
     * Closes the workers, the fetcher and the database in that order. An interrupt pending on the
     * caller (a stopped run re-asserts it) is held back until everything is closed: it cut the
     * waits short, and the connection pool's close logged a stack trace.
     */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(WORKER_SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Extraction workers did not stop within {} s", WORKER_SHUTDOWN.toSeconds());
                workers.shutdownNow();
            }
        } catch (InterruptedException again) {
            workers.shutdownNow();
            interrupted = true;
        }
        fetcher.close();
        store.close();
        if (interrupted || Thread.interrupted()) {
            Thread.currentThread().interrupt();
        }
    }

    static ThreadFactory namedThreads(String role) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, role + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
