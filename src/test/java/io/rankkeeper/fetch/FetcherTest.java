package io.rankkeeper.fetch;

import static io.rankkeeper.fetch.TestServer.redirect;
import static io.rankkeeper.fetch.TestServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FetcherTest {

    private static final String PAGE = "<html><body>#1,234 in Books — «Größe»</body></html>";

    private TestServer server;
    private Fetcher fetcher;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer("127.0.0.1");
        fetcher = TestSettings.fetcher(TestSettings.fast());
    }

    @AfterEach
    void stop() {
        fetcher.close();
        server.close();
    }

    private FetchResult fetch(String path) {
        return fetcher.fetch(server.url(path), false).join();
    }

    @Test
    void returnsOkWithBodyHashAndFinalUrlFor200() {
        server.on("/page", exchange -> respond(exchange, 200, "text/html; charset=utf-8", PAGE));

        FetchResult result = fetch("/page");

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.body()).isEqualTo(PAGE);
        assertThat(result.bytes()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8).length);
        assertThat(result.finalUrl()).isEqualTo(server.url("/page"));
        assertThat(result.bodyHash()).hasSize(16).isEqualTo(PageText.hash(PAGE.getBytes(StandardCharsets.UTF_8),
                PAGE.getBytes(StandardCharsets.UTF_8).length));
        assertThat(result.detail()).isNull();
    }

    @Test
    void sendsHonestUserAgentAndAcceptEncodingAndNoCookies() {
        server.on("/page", exchange -> {
            exchange.getResponseHeaders().add("Set-Cookie", "session=abc; Path=/");
            respond(exchange, 200, "text/html", PAGE);
        });

        fetch("/page");
        fetch("/page");

        assertThat(server.requests()).hasSize(2).allSatisfy(request -> {
            assertThat(request.headers().getFirst("User-Agent")).isEqualTo(TestSettings.USER_AGENT);
            assertThat(request.headers().getFirst("Accept-Encoding")).isEqualTo("gzip, deflate");
            assertThat(request.headers().containsKey("Cookie")).isFalse();
        });
    }

    @Test
    void decodesGzipBody() {
        byte[] gzipped = gzip(PAGE.getBytes(StandardCharsets.UTF_8));
        server.on("/gz", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            respond(exchange, 200, "text/html; charset=utf-8", gzipped);
        });

        FetchResult result = fetch("/gz");

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.body()).isEqualTo(PAGE);
        assertThat(result.bytes()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void decodesZlibAndRawDeflateBodies() {
        server.on("/zlib", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "deflate");
            respond(exchange, 200, "text/html; charset=utf-8", deflate(PAGE.getBytes(StandardCharsets.UTF_8), false));
        });
        server.on("/raw", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "deflate");
            respond(exchange, 200, "text/html; charset=utf-8", deflate(PAGE.getBytes(StandardCharsets.UTF_8), true));
        });

        assertThat(fetch("/zlib").body()).isEqualTo(PAGE);
        assertThat(fetch("/raw").body()).isEqualTo(PAGE);
    }

    @Test
    void givesAPageWithADeclaredCharsetAsAByteViewThatReadsBackToTheText() {
        server.on("/utf8", exchange -> respond(exchange, 200, "text/html; charset=utf-8", PAGE));
        server.on("/latin", exchange -> respond(exchange, 200, "text/html; charset=ISO-8859-1",
                PAGE.getBytes(java.nio.charset.Charset.forName("windows-1252"))));
        server.on("/undeclared", exchange -> respond(exchange, 200, "text/html", PAGE));

        FetchResult utf8 = fetch("/utf8");
        io.rankkeeper.model.PageView view = utf8.view();
        assertThat(view.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(view.length()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8).length);
        assertThat(view.text()).isEqualTo(PAGE);
        assertThat(utf8.body()).isEqualTo(PAGE);
        assertThat(fetch("/latin").view().text()).isEqualTo(PAGE);
        // no declared charset: the bytes decide, so the page is decoded whole
        FetchResult undeclared = fetch("/undeclared");
        assertThat(undeclared.view()).isNull();
        assertThat(undeclared.body()).isEqualTo(PAGE);
    }

    @Test
    void readsBodyLabelledGzipThatIsNotCompressedAsItIs() {
        server.on("/liar", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            respond(exchange, 200, "text/html; charset=utf-8", PAGE);
        });

        assertThat(fetch("/liar").body()).isEqualTo(PAGE);
    }

    @Test
    void reportsCorruptGzipAsNetworkError() {
        byte[] broken = gzip(PAGE.getBytes(StandardCharsets.UTF_8));
        for (int i = 12; i < broken.length - 8; i++) {
            broken[i] = (byte) 0xff;
        }
        server.on("/broken", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            respond(exchange, 200, "text/html", broken);
        });

        FetchResult result = fetch("/broken");

        assertThat(result.outcome()).isEqualTo(Outcome.NETWORK_ERROR);
        assertThat(result.detail()).contains("corrupt gzip body");
    }

    @Test
    void decodesWithCharsetFromContentTypeHeader() {
        String text = "<p>Größe: 1.234 €</p>";
        server.on("/latin", exchange -> respond(exchange, 200, "text/html; charset=ISO-8859-15", text.getBytes(Charset.forName("ISO-8859-15"))));

        assertThat(fetch("/latin").body()).isEqualTo(text);
    }

    @Test
    void decodesWithCharsetFromMetaTagWhenHeaderHasNone() {
        String japanese = "<html><head><meta charset=\"Shift_JIS\"></head><body>売れ筋ランキング: 1,234位</body></html>";
        String cyrillic = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
                + "</head><body>Книги</body></html>";
        server.on("/jp", exchange -> respond(exchange, 200, "text/html", japanese.getBytes(Charset.forName("Shift_JIS"))));
        server.on("/ru", exchange -> respond(exchange, 200, null, cyrillic.getBytes(Charset.forName("windows-1251"))));

        assertThat(fetch("/jp").body()).isEqualTo(japanese);
        assertThat(fetch("/ru").body()).isEqualTo(cyrillic);
    }

    @Test
    void replacesMalformedBytesInsteadOfFailing() {
        byte[] malformed = {'a', (byte) 0xc3, (byte) 0x28, 'b'};
        server.on("/bad", exchange -> respond(exchange, 200, "text/html; charset=utf-8", malformed));

        FetchResult result = fetch("/bad");

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.body()).isEqualTo("a\uFFFD(b");
    }

    @Test
    void followsRelativeRedirectAndReportsFinalUrl() {
        server.on("/old/start", exchange -> redirect(exchange, 302, "../new/page?x=1"));
        server.on("/new/page", exchange -> respond(exchange, 200, "text/html", PAGE));

        FetchResult result = fetch("/old/start");

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.finalUrl()).isEqualTo(server.url("/new/page?x=1"));
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.body()).isEqualTo(PAGE);
    }

    @Test
    void followsRedirectToAnotherHost() throws Exception {
        try (TestServer other = new TestServer("127.0.0.2")) {
            other.on("/landing", exchange -> respond(exchange, 200, "text/html", PAGE));
            server.on("/go", exchange -> redirect(exchange, 301, other.url("/landing").toString()));

            FetchResult result = fetch("/go");

            assertThat(result.outcome()).isEqualTo(Outcome.OK);
            assertThat(result.finalUrl()).isEqualTo(other.url("/landing"));
            assertThat(other.requestsTo("/landing")).hasSize(1);
        }
    }

    @Test
    void redirectToBackedOffHostGoesThroughThatHostsPoliteness() throws Exception {
        try (TestServer other = new TestServer("127.0.0.2")) {
            other.on("/landing", exchange -> respond(exchange, 200, "text/html", PAGE));
            server.on("/go", exchange -> redirect(exchange, 301, other.url("/landing").toString()));
            fetcher.restoreBackoff(Map.of(other.hostKey(), Instant.now().plusSeconds(3600)));

            FetchResult result = fetch("/go");

            assertThat(result.outcome()).isEqualTo(Outcome.BACKED_OFF);
            assertThat(result.detail()).startsWith("host in backoff until");
            assertThat(other.requests()).isEmpty();
            assertThat(server.requestsTo("/go")).hasSize(1);
        }
    }

    @Test
    void reportsRedirectLoopAsNetworkError() {
        server.on("/a", exchange -> redirect(exchange, 302, "/b"));
        server.on("/b", exchange -> redirect(exchange, 302, "/a"));

        FetchResult result = fetch("/a");

        assertThat(result.outcome()).isEqualTo(Outcome.NETWORK_ERROR);
        assertThat(result.detail()).contains("redirect loop");
        assertThat(server.requests()).hasSize(2); // a loop is not retried
    }

    @Test
    void reportsTooManyRedirectsAsNetworkError() {
        server.on("/hop", exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getQuery());
            redirect(exchange, 307, "/hop?" + (n + 1));
        });

        FetchResult result = fetch("/hop?0");

        assertThat(result.outcome()).isEqualTo(Outcome.NETWORK_ERROR);
        assertThat(result.detail()).contains("too many redirects (more than 5)");
        assertThat(server.requests()).hasSize(6);
    }

    @Test
    void returns404AsHttpErrorWithBodyWithoutRetrying() {
        server.on("/gone", exchange -> respond(exchange, 404, "text/html", "<p>no such page</p>"));

        FetchResult result = fetch("/gone");

        assertThat(result.outcome()).isEqualTo(Outcome.HTTP_ERROR);
        assertThat(result.httpStatus()).isEqualTo(404);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.body()).isEqualTo("<p>no such page</p>");
        assertThat(result.detail()).isEqualTo("HTTP 404");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void reportsUnsupportedUrlWithoutThrowing() {
        FetchResult result = fetcher.fetch(URI.create("ftp://127.0.0.1/file"), false).join();

        assertThat(result.outcome()).isEqualTo(Outcome.NETWORK_ERROR);
        assertThat(result.detail()).contains("unsupported URL");
    }

    @Test
    void answersFetchAfterCloseWithNetworkError() {
        fetcher.close();

        FetchResult result = fetcher.fetch(server.url("/page"), false).join();

        assertThat(result.outcome()).isEqualTo(Outcome.NETWORK_ERROR);
        assertThat(result.detail()).isEqualTo("fetcher closed");
    }

    @Test
    void closeAnswersPendingFetchesAndStopsItsThreads() throws InterruptedException {
        server.on("/stuck", exchange -> {
            Thread.sleep(1500);
            respond(exchange, 200, "text/html", PAGE);
        });
        CompletableFuture<FetchResult> inFlight = fetcher.fetch(server.url("/stuck"), false);
        CompletableFuture<FetchResult> waiting = fetcher.fetch(server.url("/stuck"), false);
        Thread.sleep(100);

        long start = System.nanoTime();
        fetcher.close();
        long closeMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(inFlight.join().detail()).isEqualTo("fetcher closed");
        assertThat(waiting.join().outcome()).isEqualTo(Outcome.NETWORK_ERROR);
        assertThat(closeMillis).isLessThan(2500);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.isAlive() && thread.getName().startsWith("rankkeeper-fetch-"));
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new DeflaterOutputStream(bytes, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            out.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
