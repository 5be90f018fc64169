package io.rankkeeper.run;

import io.rankkeeper.demo.Marketplace;
import io.rankkeeper.demo.Marketplace.Reply;
import io.rankkeeper.demo.ProductPage;
import io.rankkeeper.model.CategoryRank;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The demo marketplace on two loopback hosts, serving a product page for any ASIN, where a test
 * can hold the answer for some ASINs (a slow server) until it releases them.
 */
final class TestShop implements AutoCloseable {

    /** The longest a held request waits: far beyond any grace period in the tests. */
    private static final long HOLD_LIMIT_SECONDS = 60;

    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final Marketplace marketplace;

    TestShop() throws IOException {
        marketplace = Marketplace.start(2, (host, path) -> {
            if (path.equals("/robots.txt")) {
                return Reply.notFound();
            }
            String asin = path.substring(path.lastIndexOf('/') + 1);
            CountDownLatch hold = held.get(asin);
            if (hold != null) {
                try {
                    hold.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException closing) {
                    Thread.currentThread().interrupt();
                }
            }
            return Reply.html(page(asin).html());
        });
    }

    /** The target's URL on host {@code host} (0 or 1). */
    String url(int host, String asin) {
        return marketplace.baseUri(host) + "/dp/" + asin;
    }

    /** Requests that reached the shop so far. */
    long requests() {
        return marketplace.requests();
    }

    /** From now on, requests for {@code asin} wait until {@link #release} (or a minute). */
    void hold(String asin) {
        held.put(asin, new CountDownLatch(1));
    }

    /** Answers the waiting requests for {@code asin} and serves it at once from now on. */
    void release(String asin) {
        CountDownLatch hold = held.remove(asin);
        if (hold != null) {
            hold.countDown();
        }
    }

    static ProductPage page(String asin) {
        return new ProductPage(asin, "Book " + asin, List.of(
                new CategoryRank("Books", "books", null, 1_000L + Math.abs(asin.hashCode() % 1000), true),
                new CategoryRank("Python Programming", "285856", null, 7L, false)), 20_000);
    }

    @Override
    public void close() {
        held.keySet().forEach(this::release);
        marketplace.close();
    }
}
