package io.rankkeeper.fetch;

import static io.rankkeeper.fetch.TestServer.respond;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Measures the CPU the client spends per fetched 1 MB page (identity and gzip), counting only
 * the fetcher's own threads and the HttpClient's selector thread, not the local test server.
 * Run by hand: {@code java -cp target/classes:target/test-classes:<deps> io.rankkeeper.fetch.FetchBenchmark}.
 * Prints its figures; asserts nothing.
 */
public final class FetchBenchmark {

    private static final int PAGES = 400;
    private static final int CONCURRENCY = 8;

    private FetchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        byte[] page = syntheticPage(1 << 20);
        byte[] gzipped = FetcherTest.gzip(page);
        FetchSettings settings = new FetchSettings("rankkeeper-bench/1.0", Duration.ofSeconds(10), Duration.ofSeconds(2),
                CONCURRENCY, CONCURRENCY, Duration.ZERO, 0, 5_000_000, 5, Duration.ofSeconds(1));
        ownShare("identity", page, null);
        ownShare("gzip", gzipped, "gzip");
        try (TestServer server = new TestServer("127.0.0.1")) {
            server.on("/plain", exchange -> respond(exchange, 200, "text/html; charset=utf-8", page));
            server.on("/gzip", exchange -> {
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                respond(exchange, 200, "text/html; charset=utf-8", gzipped);
            });
            for (String path : List.of("/plain", "/gzip")) {
                try (Fetcher fetcher = new Fetcher(settings)) {
                    run(fetcher, server, path, PAGES / 2); // warm-up
                    Map<Long, Long> clientBefore = threadCpu(true);
                    Map<Long, Long> othersBefore = threadCpu(false);
                    long processBefore = processCpu();
                    long start = System.nanoTime();
                    run(fetcher, server, path, PAGES);
                    long wallNanos = System.nanoTime() - start;
                    long clientNanos = difference(clientBefore, threadCpu(true));
                    long processMinusOthers = processCpu() - processBefore - difference(othersBefore, threadCpu(false));
                    System.out.printf("%-6s %d pages of %d bytes (%d on the wire): client threads %.3f ms CPU/page,"
                                    + " process minus server and main threads (adds GC, JIT) %.3f ms/page, %.0f pages/s%n",
                            path, PAGES, page.length, path.equals("/gzip") ? gzipped.length : page.length,
                            clientNanos / 1e6 / PAGES, processMinusOthers / 1e6 / PAGES, PAGES / (wallNanos / 1e9));
                }
            }
        }
    }

    private static void run(Fetcher fetcher, TestServer server, String path, int count) {
        // Keep only a verdict per page, so finished bodies are garbage at once, as in a real run.
        List<CompletableFuture<String>> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            failures.add(fetcher.fetch(server.url(path + "?" + i), false)
                    .thenApply(result -> result.body() == null ? result.toString() : null));
        }
        failures.forEach(failure -> {
            if (failure.join() != null) {
                throw new IllegalStateException(failure.join());
            }
        });
    }

    /**
     * The part of the client this project owns: the body subscriber (copy or inflate, cap),
     * charset decoding and hashing, fed 16 KB buffers as the JDK client delivers them.
     */
    private static void ownShare(String name, byte[] wire, String encoding) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int rounds = 600;
        long cpuBefore = 0;
        for (int round = 0; round < rounds; round++) {
            if (round == rounds / 3) {
                cpuBefore = threads.getCurrentThreadCpuTime(); // after warm-up
            }
            CappedBodySubscriber subscriber = new CappedBodySubscriber(5_000_000, encoding, encoding == null ? wire.length : -1, false);
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            for (int offset = 0; offset < wire.length; offset += 16 * 1024) {
                subscriber.onNext(List.of(ByteBuffer.wrap(wire, offset, Math.min(16 * 1024, wire.length - offset))));
            }
            subscriber.onComplete();
            ReceivedBody body = subscriber.getBody().toCompletableFuture().join();
            String text = PageText.decode(body.bytes(), body.length(), "text/html; charset=utf-8");
            if (text.isEmpty() || PageText.hash(body.bytes(), body.length()).isEmpty()) {
                throw new IllegalStateException();
            }
        }
        long perPage = (threads.getCurrentThreadCpuTime() - cpuBefore) / (rounds - rounds / 3);
        System.out.printf("own share, %-8s: body subscriber + decode + hash %.3f ms CPU/page%n", name, perPage / 1e6);
    }

    /** CPU time per live thread: the client's threads, or all the others. */
    private static Map<Long, Long> threadCpu(boolean client) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> isClient(thread) == client)
                .forEach(thread -> cpu.put(thread.getId(), threads.getThreadCpuTime(thread.getId())));
        return cpu;
    }

    private static boolean isClient(Thread thread) {
        return thread.getName().startsWith("rankkeeper-fetch-") || thread.getName().startsWith("HttpClient-");
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long difference(Map<Long, Long> before, Map<Long, Long> after) {
        long total = 0;
        for (Map.Entry<Long, Long> entry : after.entrySet()) {
            total += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
        }
        return total;
    }

    /** Product-page-like HTML: mostly ASCII markup, a non-ASCII character every few KB. */
    private static byte[] syntheticPage(int size) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Product</title></head><body>");
        int i = 0;
        while (html.length() < size) {
            html.append("<li class=\"a-list-item\"><span class=\"a-text-bold\">Best Sellers Rank:</span> #")
                    .append(1000 + i * 37).append(" in Books (<a href=\"/gp/bestsellers/books/").append(i)
                    .append("\">See Top 100 in Books</a>)").append(i % 30 == 0 ? " › Größe" : "").append("</li>\n");
            i++;
        }
        html.append("</body></html>");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }
}
