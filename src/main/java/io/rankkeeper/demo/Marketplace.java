package io.rankkeeper.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small web shop on loopback addresses (127.0.0.1, 127.0.0.2, ...), one HTTP server per
 * address so that each looks like its own host to the fetcher. What it serves is decided by a
 * {@link Responder}. Never listens beyond loopback. Thread-safe.
 */
public final class Marketplace implements AutoCloseable {

    /** Decides the answer to one request path ("/dp/0132269937"). Called from server threads. */
    @FunctionalInterface
    public interface Responder {
        Reply reply(String host, String path);
    }

    /** One answer: status, HTML body and extra headers. */
    public record Reply(int status, String body, Map<String, String> headers) {

        public static Reply html(String body) {
            return new Reply(200, body, Map.of());
        }

        public static Reply notFound() {
            return new Reply(404, "<html><body>Page not found</body></html>", Map.of());
        }
    }

    private final List<HttpServer> servers;
    private final ExecutorService threads;
    private final AtomicLong requests = new AtomicLong();

    private Marketplace(List<HttpServer> servers, ExecutorService threads) {
        this.servers = servers;
        this.threads = threads;
    }

    /** Starts one server on each of 127.0.0.1 .. 127.0.0.{hosts}, on free ports. */
    public static Marketplace start(int hosts, Responder responder) throws IOException {
        // A thread per answer in progress (the client bounds how many): a slow or held answer never
        // keeps the others waiting. With 8 fixed threads, ClusterIT's 8 held answers stopped the shop.
        ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "marketplace");
            thread.setDaemon(true);
            return thread;
        });
        List<HttpServer> servers = new ArrayList<>();
        Marketplace marketplace = new Marketplace(servers, threads);
        try {
            for (int host = 1; host <= hosts; host++) {
                InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) host});
                HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 0);
                server.createContext("/", exchange -> marketplace.handle(exchange, responder));
                server.setExecutor(threads);
                server.start();
                servers.add(server);
            }
        } catch (IOException | RuntimeException error) {
            marketplace.close();
            throw error;
        }
        return marketplace;
    }

    /** The base URI of host {@code index} (0-based), e.g. {@code http://127.0.0.2:41234}. */
    public URI baseUri(int index) {
        InetSocketAddress address = servers.get(index).getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    public int hosts() {
        return servers.size();
    }

    /** Requests answered so far. */
    public long requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange, Responder responder) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String host = exchange.getLocalAddress().getAddress().getHostAddress();
            Reply reply = responder.reply(host, exchange.getRequestURI().getPath());
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        servers.forEach(server -> server.stop(0));
        threads.shutdownNow();
    }
}
