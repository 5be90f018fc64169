package io.rankkeeper.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.Outcome;
import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/** How a failed exchange is classified: what is stored, and whether a retry may help. */
class ExchangerFailureTest {

    private static final URI URL = URI.create("http://127.0.0.1:1/page");

    @Test
    void aFailureOfTheHttpClientItselfIsANetworkErrorWorthRetrying() {
        // what Jetty 12 threw once mid-body in WebFaultsIT (jetty/jetty.project#13400)
        Exchange exchange = Exchanger.failure(URL,
                new CompletionException(new IllegalArgumentException("newPosition > limit: (65536 > 0)")));

        assertThat(exchange.failure()).isEqualTo(Outcome.NETWORK_ERROR);
        assertThat(exchange.retryable()).isTrue();
        assertThat(exchange.detail()).isEqualTo(
                "unexpected java.lang.IllegalArgumentException: newPosition > limit: (65536 > 0)");
    }

    @Test
    void aCorruptBodyIsNotRetried() {
        Exchange exchange = Exchanger.failure(URL, new ZipException("corrupt gzip body: invalid block type"));

        assertThat(exchange.failure()).isEqualTo(Outcome.NETWORK_ERROR);
        assertThat(exchange.retryable()).isFalse();
    }
}
