package io.rankkeeper.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark shop's HTTP/1.1 server: one listening socket per loopback address (127.0.0.2,
 * 127.0.0.3, ...), each with a selector thread of its own, as separate hosts would have;
 * keep-alive, pre-built responses written with gathering writes from shared direct buffers. A
 * response is held back {@code latency} by a single timer thread, never by a sleeping thread per
 * request. Only GET without a body is understood, which is all the fetcher sends. Why not the
 * JDK's {@code HttpServer}: it copies every body through its own streams on a thread per
 * exchange, which on 2 cores costs the CPU the client is measured on (the harness runs this
 * server in a separate JVM anyway, so its CPU is not counted as the client's). Why a thread per
 * host: with one selector thread for all hosts, the responses that fall due together at 100 ms
 * and 128 in flight were written one after another, and the last waited for the others (the
 * timer's hand-over to the selector thread took 25 ms at the median, 62 ms at p90).
 * Thread-safe: {@link #setLatencyMillis} may be called from any thread.
 */
final class PageServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PageServer.class);
    private static final int REQUEST_BUFFER_BYTES = 16 * 1024;
    private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};

    private final ServedPages pages;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final List<EventLoop> loops = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private final AtomicLong requests = new AtomicLong();
    private volatile long latencyNanos;
    private volatile boolean running = true;

    private PageServer(ServedPages pages) {
        this.pages = pages;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-server-latency");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Listens on 127.0.0.{firstAddress} .. 127.0.0.{firstAddress + hosts - 1}, on free ports. */
    static PageServer start(ServedPages pages, int hosts, int firstAddress) throws IOException {
        PageServer server = new PageServer(pages);
        try {
            for (int host = 0; host < hosts; host++) {
                InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (firstAddress + host)});
                EventLoop loop = server.new EventLoop("bench-server-io-" + (host + 1));
                server.loops.add(loop);
                ServerSocketChannel listener = ServerSocketChannel.open();
                server.listeners.add(listener);
                listener.bind(new InetSocketAddress(address, 0), 1024);
                listener.configureBlocking(false);
                listener.register(loop.selector, SelectionKey.OP_ACCEPT);
            }
        } catch (IOException | RuntimeException error) {
            server.close();
            throw error;
        }
        server.loops.forEach(loop -> loop.thread.start());
        return server;
    }

    /** The addresses listened on, in host order. */
    List<InetSocketAddress> addresses() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (ServerSocketChannel listener : listeners) {
            try {
                addresses.add((InetSocketAddress) listener.getLocalAddress());
            } catch (IOException error) {
                throw new UncheckedIOException(error);
            }
        }
        return addresses;
    }

    void setLatencyMillis(long millis) {
        latencyNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        running = false;
        timer.shutdownNow();
        loops.forEach(EventLoop::close);
        for (ServerSocketChannel listener : listeners) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** One host's selector and its thread: its listener and every connection accepted from it. */
    private final class EventLoop {

        private final Selector selector;
        private final Queue<Runnable> due = new ConcurrentLinkedQueue<>();
        private final Thread thread;

        EventLoop(String name) throws IOException {
            this.selector = Selector.open();
            this.thread = new Thread(this::serve, name);
            this.thread.setDaemon(true);
        }

        private void serve() {
            try {
                while (running) {
                    selector.select();
                    Runnable task;
                    while ((task = due.poll()) != null) {
                        task.run();
                    }
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        try {
                            handle(key);
                        } catch (java.nio.channels.CancelledKeyException closedMeanwhile) {
                            key.channel().close();
                        }
                    }
                }
            } catch (IOException | RuntimeException error) {
                if (running) {
                    log.error("Benchmark server stopped", error);
                }
            }
        }

        private void handle(SelectionKey key) throws IOException {
            if (!key.isValid()) {
                return;
            }
            if (key.isAcceptable()) {
                SocketChannel channel = ((ServerSocketChannel) key.channel()).accept();
                if (channel != null) {
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    SelectionKey connectionKey = channel.register(selector, SelectionKey.OP_READ);
                    connectionKey.attach(new Connection(this, channel, connectionKey));
                }
                return;
            }
            Connection connection = (Connection) key.attachment();
            try {
                if (key.isReadable()) {
                    connection.read();
                }
                if (key.isValid() && key.isWritable()) {
                    connection.write();
                }
            } catch (IOException peerGone) {
                connection.close();
            }
        }

        /** Runs on this loop's thread after the latency; the timer thread only hands it over. */
        void respondLater(Connection connection, ByteBuffer[] response) {
            long delay = latencyNanos;
            if (delay == 0) {
                connection.send(response);
                return;
            }
            timer.schedule(() -> {
                due.add(() -> connection.send(response));
                selector.wakeup();
            }, delay, TimeUnit.NANOSECONDS);
        }

        void close() {
            selector.wakeup();
            if (thread.isAlive()) {
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(5));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            for (SelectionKey key : selector.keys()) {
                try {
                    key.channel().close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** One keep-alive connection; touched by its loop's thread only. */
    private final class Connection {

        private final EventLoop loop;
        private final SocketChannel channel;
        private final SelectionKey key;
        private final ByteBuffer request = ByteBuffer.allocate(REQUEST_BUFFER_BYTES);
        private final ArrayDeque<ByteBuffer[]> outgoing = new ArrayDeque<>();
        private ByteBuffer[] current;

        Connection(EventLoop loop, SocketChannel channel, SelectionKey key) {
            this.loop = loop;
            this.channel = channel;
            this.key = key;
        }

        void read() throws IOException {
            int read = channel.read(request);
            if (read < 0) {
                close();
                return;
            }
            int end;
            while ((end = endOfHeaders()) >= 0) {
                String head = new String(request.array(), 0, end, StandardCharsets.ISO_8859_1);
                int consumed = end + END_OF_HEADERS.length;
                request.flip().position(consumed);
                request.compact();
                requests.incrementAndGet();
                loop.respondLater(this, pages.response(pathOf(head)));
            }
            if (!request.hasRemaining()) {
                close(); // a request head larger than the buffer is not from our fetcher
            }
        }

        private int endOfHeaders() {
            byte[] bytes = request.array();
            for (int at = 0; at + 3 < request.position(); at++) {
                if (bytes[at] == END_OF_HEADERS[0] && bytes[at + 1] == END_OF_HEADERS[1]
                        && bytes[at + 2] == END_OF_HEADERS[2] && bytes[at + 3] == END_OF_HEADERS[3]) {
                    return at;
                }
            }
            return -1;
        }

        private String pathOf(String head) {
            int firstSpace = head.indexOf(' ');
            int secondSpace = head.indexOf(' ', firstSpace + 1);
            if (firstSpace < 0 || secondSpace < 0) {
                return "";
            }
            String target = head.substring(firstSpace + 1, secondSpace);
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        void send(ByteBuffer[] response) {
            if (!channel.isOpen()) {
                return;
            }
            outgoing.add(response);
            try {
                write();
            } catch (IOException peerGone) {
                close();
            }
        }

        void write() throws IOException {
            while (true) {
                if (current == null) {
                    current = outgoing.poll();
                    if (current == null) {
                        key.interestOps(SelectionKey.OP_READ);
                        return;
                    }
                }
                channel.write(current);
                if (current[current.length - 1].hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                current = null;
            }
        }

        void close() {
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
