package io.rankkeeper.run;

import io.rankkeeper.demo.Marketplace;
import io.rankkeeper.demo.Marketplace.Reply;
import io.rankkeeper.demo.ProductPage;
import io.rankkeeper.model.CategoryRank;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo marketplace on two loopback hosts, answering each product request after a fixed
 * latency with ranks of its own: the main rank is {@link #FIRST_RANK} plus a serial number that
 * no other answer gets, so a stored rank names exactly the answer it came from. Keeps a ledger of
 * every answer. Thread-safe.
 */
final class LedgerShop implements AutoCloseable {

    static final long FIRST_RANK = 1_000_000;

    /** One answer: which product, when, and the sub-category rank it showed. */
    record Served(String asin, Instant at, long subRank) {
    }

    private final Map<Long, Served> ledger = new ConcurrentHashMap<>();
    private final AtomicLong serials = new AtomicLong();
    private final Marketplace marketplace;

    LedgerShop(Duration latency) throws IOException {
        marketplace = Marketplace.start(2, (host, path) -> {
            if (!path.startsWith("/dp/")) {
                return Reply.notFound();
            }
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException closing) {
                Thread.currentThread().interrupt();
                return Reply.notFound();
            }
            String asin = path.substring("/dp/".length());
            long serial = serials.incrementAndGet();
            long subRank = 1 + serial % 97;
            // Logged before the answer leaves: a stored rank can only come from a logged answer.
            ledger.put(FIRST_RANK + serial, new Served(asin, Instant.now(), subRank));
            return Reply.html(new ProductPage(asin, "Book " + asin, List.of(
                    new CategoryRank("Books", "books", null, FIRST_RANK + serial, true),
                    new CategoryRank("Python Programming", "285856", null, subRank, false)), 8_000).html());
        });
    }

    /** The product's URL on host {@code host} (0 or 1). */
    String url(int host, String asin) {
        return marketplace.baseUri(host) + "/dp/" + asin;
    }

    /** The answer that showed {@code mainRank}, or null if no answer did. */
    Served servedWithRank(long mainRank) {
        return ledger.get(mainRank);
    }

    int answers() {
        return ledger.size();
    }

    @Override
    public void close() {
        marketplace.close();
    }
}
