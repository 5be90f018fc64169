package io.rankkeeper.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A web that misbehaves, on loopback only, for robustness tests. Each {@link Host} is a port of
 * its own on 127.0.0.1 (so the fetcher keeps politeness and backoff per host) and answers
 * robots.txt and pages through its own {@link Behaviour}. It speaks HTTP/1.1 over raw sockets, one
 * request per connection, so a behaviour can do what a well-mannered server library will not:
 * reset the connection mid-body, accept and never answer, drip a byte a second, send a body that
 * does not match its headers. Every request is logged with its arrival time and the bytes the
 * server wrote for it. Thread-safe.
 */
final class FaultServer implements AutoCloseable {

    private static final int BACKLOG = 256;
    private static final int MAX_REQUEST_HEAD = 16 * 1024;

    /** Answers one request; may write anything to the socket, or nothing. */
    @FunctionalInterface
    interface Behaviour {
        void answer(Call call) throws Exception;
    }

    /** One request as the server saw it: when it arrived and how many bytes were written back. */
    record Request(String host, String path, Instant at, AtomicLong bytesWritten) {
        boolean isRobots() {
            return path.equals("/robots.txt");
        }
    }

    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-server-connection");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Host> hosts = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger answering = new AtomicInteger();
    private final AtomicInteger mostAnswering = new AtomicInteger();
    private volatile boolean closed;

    /** A new host on 127.0.0.1 that answers robots.txt and everything else with the given behaviours. */
    Host host(String name, Behaviour robots, Behaviour pages) throws IOException {
        return host(name, "127.0.0.1", robots, pages);
    }

    /** A new host on another loopback address (127.0.0.2, ...): another host name, so another marketplace. */
    Host host(String name, String loopbackAddress, Behaviour robots, Behaviour pages) throws IOException {
        InetAddress address = InetAddress.getByName(loopbackAddress);
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("not a loopback address: " + loopbackAddress);
        }
        Host host = new Host(name, address, robots, pages);
        hosts.add(host);
        return host;
    }

    /** A loopback port that nothing listens on: connecting is refused. */
    static int refusedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** The most requests being answered at once, across all hosts. */
    int mostAnsweredAtOnce() {
        return mostAnswering.get();
    }

    /** Every request to every host, in arrival order per host. */
    List<Request> requests() {
        List<Request> all = new ArrayList<>();
        hosts.forEach(host -> all.addAll(host.requests));
        return all;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        for (Host host : hosts) {
            host.socket.close();
        }
        for (Socket socket : open) {
            socket.close();
        }
        connections.shutdownNow();
        try {
            connections.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One server: a port, its behaviours and its request log. */
    final class Host {
        private final String name;
        private final Behaviour robots;
        private final Behaviour pages;
        private final ServerSocket socket;
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final AtomicInteger robotsCalls = new AtomicInteger();
        private final AtomicInteger pageCalls = new AtomicInteger();

        private Host(String name, InetAddress address, Behaviour robots, Behaviour pages) throws IOException {
            this.name = name;
            this.robots = robots;
            this.pages = pages;
            this.socket = new ServerSocket(0, BACKLOG, address);
            Thread acceptor = new Thread(this::accept, "fault-server-" + name);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String name() {
            return name;
        }

        URI url(String path) {
            return URI.create("http://" + socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort() + path);
        }

        List<Request> requests() {
            return List.copyOf(requests);
        }

        List<Request> pageRequests() {
            return requests.stream().filter(request -> !request.isRobots()).toList();
        }

        List<Request> robotsRequests() {
            return requests.stream().filter(Request::isRobots).toList();
        }

        private void accept() {
            while (!closed) {
                Socket connection;
                try {
                    connection = socket.accept();
                } catch (IOException e) {
                    return; // closed
                }
                open.add(connection);
                try {
                    connections.execute(() -> serve(connection));
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    closeQuietly(connection);
                }
            }
        }

        private void serve(Socket connection) {
            try {
                String path = readRequestPath(connection.getInputStream());
                if (path == null) {
                    return;
                }
                AtomicLong written = new AtomicLong();
                boolean isRobots = path.equals("/robots.txt");
                Request request = new Request(name, path, Instant.now(), written);
                requests.add(request);
                int number = (isRobots ? robotsCalls : pageCalls).incrementAndGet();
                Call call = new Call(path, number, connection, new CountingOutput(connection.getOutputStream(), written));
                mostAnswering.accumulateAndGet(answering.incrementAndGet(), Math::max);
                try {
                    (isRobots ? robots : pages).answer(call);
                    call.out.flush();
                } finally {
                    answering.decrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // The client went away (size cap, timeout) or the server is closing: part of the test.
            } finally {
                open.remove(connection);
                closeQuietly(connection);
            }
        }
    }

    /** One request being answered. */
    static final class Call {
        final String path;
        /** 1 for the host's first robots.txt request (or first page request), 2 for the next, ... */
        final int number;
        final Socket socket;
        final OutputStream out;

        private Call(String path, int number, Socket socket, OutputStream out) {
            this.path = path;
            this.number = number;
            this.socket = socket;
            this.out = out;
        }

        /** A whole response with a Content-Length; {@code headers} are "Name: value" lines. */
        void respond(int status, String contentType, byte[] body, String... headers) throws IOException {
            List<String> all = new ArrayList<>(List.of(headers));
            if (contentType != null) {
                all.add("Content-Type: " + contentType);
            }
            all.add("Content-Length: " + body.length);
            head(status, all.toArray(String[]::new));
            out.write(body);
        }

        void respond(int status, String contentType, String body, String... headers) throws IOException {
            respond(status, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
        }

        /** The status line and headers (plus Connection: close); the body is the caller's. */
        void head(int status, String... headers) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                    .append("\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Aborts the connection with a TCP reset instead of a clean close. */
        void reset() throws IOException {
            out.flush();
            socket.setSoLinger(true, 0);
            socket.close();
        }

        /** Keeps the connection open without a word until the server closes. */
        void hang() throws InterruptedException {
            while (!socket.isClosed()) {
                Thread.sleep(200);
            }
        }

        private static String reason(int status) {
            return switch (status) {
                case 200 -> "OK";
                case 301 -> "Moved Permanently";
                case 302 -> "Found";
                case 403 -> "Forbidden";
                case 404 -> "Not Found";
                case 429 -> "Too Many Requests";
                case 500 -> "Internal Server Error";
                case 503 -> "Service Unavailable";
                default -> "Status";
            };
        }
    }

    /** The request target of a request's first line, once its head has arrived; null if it never does. */
    private static String readRequestPath(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int next = in.read();
            if (next < 0 || head.size() > MAX_REQUEST_HEAD) {
                return null;
            }
            head.write(next);
            matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
        }
        String firstLine = head.toString(StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        String[] parts = firstLine.split(" ");
        return parts.length >= 2 ? parts[1] : null;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Counts what the server really wrote: the evidence that a huge body was not read to its end. */
    private static final class CountingOutput extends OutputStream {
        private static final int PIECE = 16 * 1024;
        private final OutputStream out;
        private final AtomicLong written;

        CountingOutput(OutputStream out, AtomicLong written) {
            this.out = out;
            this.written = written;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            written.incrementAndGet();
        }

        /** In pieces, so that a write cut off by the client still counts what went out before. */
        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            for (int done = 0; done < length; done += PIECE) {
                int piece = Math.min(PIECE, length - done);
                out.write(bytes, offset + done, piece);
                written.addAndGet(piece);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
