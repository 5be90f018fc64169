package io.rankkeeper.demo;

import io.rankkeeper.model.CategoryRank;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in shop of the {@code demo} command: a few books whose ranks move over time, one that
 * now and then answers with a robot check, one that always answers with Amazon's 503 "dogs" page.
 * Ranks are a function of the clock, so a run sees the same page on every host. Thread-safe.
 */
public final class DemoShop implements Marketplace.Responder {

    /** Ranks change once per tick. */
    static final Duration TICK = Duration.ofSeconds(10);
    /** Every third request for the captcha book gets the robot check. */
    static final int ROBOT_CHECK_EVERY = 3;
    static final String CAPTCHA_ASIN = "0137143419";
    static final String DOGS_ASIN = "1593279280";

    private static final int NOISE_BYTES = 400_000;

    /** One book of the shop. */
    public record Book(String asin, String title, long baseRank, String subCategory, String subNode) {
    }

    private static final List<Book> BOOKS = List.of(
            new Book("0132269937", "Core Python Programming", 43_992, "Python Programming", "285856"),
            new Book("0132356139", "Python Web Development with Django", 120_314, "Web Development & Design", "3510"),
            new Book(CAPTCHA_ASIN, "Python Fundamentals", 310_775, "Software Development", "3608"),
            new Book("1449355730", "Learning Python", 8_201, "Python Programming", "285856"),
            new Book("1491957662", "Python for Data Analysis", 3_115, "Data Processing", "3652"),
            new Book("1718502702", "Python Crash Course", 612, "Introductory & Beginning Programming", "3952"),
            new Book(DOGS_ASIN, "Automate the Boring Stuff with Python", 1_950, "Python Programming", "285856"));

    private static final String ROBOT_CHECK = """
            <!doctype html><html><head><title>Robot Check</title></head><body>
            <div class="a-container"><form method="get" action="/errors/validateCaptcha" name="">
            <h4>Enter the characters you see below</h4>
            <p class="a-last">Sorry, we just need to make sure you're not a robot.</p>
            <input autocomplete="off" spellcheck="false" id="captchacharacters" name="field-keywords" type="text">
            </form></div></body></html>""";

    private static final String DOGS_PAGE = """
            <!doctype html><html><head><title>Sorry! Something went wrong!</title></head><body>
            <a href="/ref=cs_503_logo"><img src="https://images-na.ssl-images-amazon.com/images/G/01/error/logo._TTD_.png"
            alt="Amazon.com"></a><h1>Sorry! Something went wrong!</h1>
            <p>To discuss automated access to Amazon data please contact api-services-support@amazon.com.</p>
            <img src="https://images-na.ssl-images-amazon.com/images/G/01/error/200._TTD_.jpg" alt="Dogs of Amazon">
            </body></html>""";

    private final Clock clock;
    private final AtomicLong captchaRequests = new AtomicLong();

    public DemoShop(Clock clock) {
        this.clock = clock;
    }

    public static List<Book> books() {
        return BOOKS;
    }

    @Override
    public Marketplace.Reply reply(String host, String path) {
        if (path.equals("/robots.txt")) {
            return new Marketplace.Reply(200, "User-agent: *\nDisallow: /gp/cart\n", Map.of("Content-Type", "text/plain"));
        }
        String asin = path.substring(path.lastIndexOf('/') + 1);
        if (asin.equals(DOGS_ASIN)) {
            return new Marketplace.Reply(503, DOGS_PAGE, Map.of());
        }
        if (asin.equals(CAPTCHA_ASIN) && captchaRequests.incrementAndGet() % ROBOT_CHECK_EVERY == 0) {
            return Marketplace.Reply.html(ROBOT_CHECK);
        }
        for (Book book : BOOKS) {
            if (book.asin().equals(asin)) {
                return Marketplace.Reply.html(page(book).html());
            }
        }
        return Marketplace.Reply.notFound();
    }

    /** The page of {@code book} as it is now. */
    ProductPage page(Book book) {
        long tick = clock.millis() / TICK.toMillis();
        double phase = (book.asin().hashCode() & 0xff) / 40.0;
        double swing = 1 + 0.35 * Math.sin(tick / 6.0 + phase) + 0.05 * Math.sin(tick * 1.7 + phase);
        long main = Math.max(1, Math.round(book.baseRank() * swing));
        long sub = Math.max(1, Math.round(Math.sqrt(main) / 4));
        return new ProductPage(book.asin(), book.title(), List.of(
                new CategoryRank("Books", "books", null, main, true),
                new CategoryRank(book.subCategory(), book.subNode(), null, sub, false)), NOISE_BYTES);
    }

    /** Hosts the shop needs: two shared ones, and one each for the two books that get us blocked. */
    public static final int HOSTS = 4;

    /**
     * Target keys and URLs for a config: the two books that get us blocked have a host each (a
     * blocked host is rightly backed off for a while); the others share the first two.
     */
    public static Map<String, String> targetUrls(Marketplace shop) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (int index = 0; index < BOOKS.size(); index++) {
            Book book = BOOKS.get(index);
            int host = book.asin().equals(CAPTCHA_ASIN) ? 2 : book.asin().equals(DOGS_ASIN) ? 3 : index % 2;
            urls.put("demo/" + book.asin(), shop.baseUri(host) + "/dp/" + book.asin());
        }
        return urls;
    }
}
