package io.rankkeeper.fetch;

import static io.rankkeeper.fetch.TestServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timeouts and the size cap: a server that hangs, drips, or sends far too much. */
class FetcherLimitsTest {

    private static final int CAP = 1_000_000;
    private static final long FIFTY_MB = 50L * 1024 * 1024;

    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer("127.0.0.1");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void timesOutOnServerThatAcceptsAndNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Fetcher fetcher = TestSettings.fetcher(TestSettings.withTimeout(Duration.ofMillis(300), 0))) {
            Thread acceptor = acceptAndHold(silent, socket -> { });

            long start = System.nanoTime();
            FetchResult result = fetcher.fetch(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"), false).join();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(result.attempts()).isEqualTo(1);
            assertThat(tookMillis).isBetween(250L, 1500L);
            acceptor.interrupt();
        }
    }

    @Test
    void timesOutOnBodyThatDripsOneByteAtATime() throws Exception {
        try (ServerSocket dripping = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Fetcher fetcher = TestSettings.fetcher(TestSettings.withTimeout(Duration.ofMillis(300), 0))) {
            Thread acceptor = acceptAndHold(dripping, socket -> {
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int i = 0; i < 1000; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(1000);
                }
            });

            long start = System.nanoTime();
            FetchResult result = fetcher.fetch(URI.create("http://127.0.0.1:" + dripping.getLocalPort() + "/"), false).join();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(tookMillis).isBetween(250L, 1500L);
            acceptor.interrupt();
        }
    }

    @Test
    void stopsReadingOversizedBodyAtTheCap() throws Exception {
        AtomicLong written = new AtomicLong();
        CountDownLatch serverDone = new CountDownLatch(1);
        server.on("/huge", exchange -> {
            try {
                exchange.getResponseHeaders().set("Content-Type", "text/html");
                exchange.sendResponseHeaders(200, 0); // chunked: the size is not announced
                byte[] chunk = new byte[64 * 1024];
                try (OutputStream out = exchange.getResponseBody()) {
                    while (written.get() < FIFTY_MB) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                }
            } finally {
                serverDone.countDown();
            }
        });

        try (Fetcher fetcher = TestSettings.fetcher(TestSettings.withMaxBodySize(CAP))) {
            long start = System.nanoTime();
            FetchResult result = fetcher.fetch(server.url("/huge"), false).join();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(result.outcome()).isEqualTo(Outcome.TOO_LARGE);
            assertThat(result.httpStatus()).isEqualTo(200);
            assertThat(result.body()).isNull();
            assertThat(result.bytes()).isEqualTo(CAP + 1);
            assertThat(tookMillis).isLessThan(1500);
        }
        assertThat(serverDone.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(written.get()).isLessThan(FIFTY_MB / 2);
    }

    @Test
    void rejectsAnnouncedOversizedBodyWithoutReadingIt() throws Exception {
        server.on("/announced", exchange -> respond(exchange, 200, "text/html", new byte[CAP + 10]));

        try (Fetcher fetcher = TestSettings.fetcher(TestSettings.withMaxBodySize(CAP))) {
            FetchResult result = fetcher.fetch(server.url("/announced"), false).join();

            assertThat(result.outcome()).isEqualTo(Outcome.TOO_LARGE);
            assertThat(result.bytes()).isZero();
        }
    }

    @Test
    void stopsInflatingGzipBombAtTheCap() throws Exception {
        byte[] bomb = FetcherTest.gzip(new byte[64 * 1024 * 1024]);
        server.on("/bomb", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            respond(exchange, 200, "text/html", bomb);
        });

        try (Fetcher fetcher = TestSettings.fetcher(TestSettings.withMaxBodySize(CAP))) {
            long start = System.nanoTime();
            FetchResult result = fetcher.fetch(server.url("/bomb"), false).join();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(bomb.length).isLessThan(CAP);
            assertThat(result.outcome()).isEqualTo(Outcome.TOO_LARGE);
            assertThat(result.bytes()).isEqualTo(CAP + 1);
            assertThat(tookMillis).isLessThan(1500);
        }
    }

    @Test
    void acceptsBodyExactlyAtTheCap() throws Exception {
        byte[] exact = "a".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        server.on("/exact", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            respond(exchange, 200, "text/plain", FetcherTest.gzip(exact));
        });

        try (Fetcher fetcher = TestSettings.fetcher(TestSettings.withMaxBodySize(1000))) {
            FetchResult result = fetcher.fetch(server.url("/exact"), false).join();

            assertThat(result.outcome()).isEqualTo(Outcome.OK);
            assertThat(result.bytes()).isEqualTo(1000);
        }
    }

    @FunctionalInterface
    private interface SocketAction {
        void run(Socket socket) throws Exception;
    }

    /** Accepts connections and holds each open until the thread is interrupted. */
    private static Thread acceptAndHold(ServerSocket serverSocket, SocketAction action) {
        Thread thread = new Thread(() -> {
            try (Socket socket = serverSocket.accept()) {
                InputStream in = socket.getInputStream();
                in.read(new byte[8192]); // the request
                action.run(socket);
                Thread.sleep(10_000);
            } catch (Exception e) {
                // interrupted or the client hung up: the test is over
            }
        }, "test-socket-server");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
