package io.rankkeeper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PageServerTest {

    private static final int TARGETS = 40;
    private static ServedPages pages;
    private static PageServer server;
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        pages = new ServedPages(TARGETS, false);
        server = PageServer.start(pages, 3, 2);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void listensOnOneLoopbackAddressPerHost() {
        assertThat(server.addresses()).extracting(address -> address.getAddress().getHostAddress())
                .containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
    }

    @Test
    void servesEveryTargetsPageOnManyKeepAliveConnectionsAtOnce() throws Exception {
        server.setLatencyMillis(0);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int index = 0; index < TARGETS; index++) {
                responses.add(client.sendAsync(request(index), HttpResponse.BodyHandlers.ofString()));
            }
        }
        for (int at = 0; at < responses.size(); at++) {
            HttpResponse<String> response = responses.get(at).join();
            int index = at % TARGETS;
            assertThat(response.statusCode()).isEqualTo(200);
            // bytes, not chars: the pages carry non-ASCII characters, as real ones do
            assertThat(response.body().getBytes(StandardCharsets.UTF_8)).hasSize((int) pages.bodyBytes(index));
            assertThat(response.body()).contains(ServedPages.rankBlock(BenchCatalog.ranks(index)));
        }
    }

    @Test
    void holdsEachResponseBackByTheLatency() throws Exception {
        server.setLatencyMillis(150);
        try {
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int index = 0; index < 20; index++) {
                responses.add(client.sendAsync(request(index), HttpResponse.BodyHandlers.ofString()));
            }
            responses.forEach(CompletableFuture::join);
            long millis = (System.nanoTime() - start) / 1_000_000;
            // concurrent requests wait together, not one after the other
            assertThat(millis).isBetween(150L, 150L * 10);
        } finally {
            server.setLatencyMillis(0);
        }
    }

    private static HttpRequest request(int index) {
        InetSocketAddress address = server.addresses().get(index % 3);
        return HttpRequest.newBuilder(URI.create("http://" + address.getAddress().getHostAddress() + ":"
                + address.getPort() + BenchCatalog.path(index))).build();
    }
}
