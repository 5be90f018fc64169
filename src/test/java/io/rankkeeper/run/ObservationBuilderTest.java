package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.extract.Extractors;
import io.rankkeeper.fetch.FetchResult;
import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.Target;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What an attempt leaves behind once its observation is built. */
class ObservationBuilderTest {

    private static final Target TARGET =
            new Target("amazon.com/B000000001", "books", URI.create("https://www.amazon.com/dp/B000000001"), null, null);

    private final ObservationBuilder builder = new ObservationBuilder(Extractors.create(ExtractorSpec.of(ExtractorKind.AMAZON)),
            7, Instant.parse("2026-12-01T00:00:00Z"), Clock.fixed(Instant.parse("2026-12-01T00:00:01Z"), ZoneOffset.UTC));

    @Test
    void theFetchNoLongerHoldsThePageOnceItsObservationIsBuilt() {
        String page = "<html><head><title>Robot Check</title></head><body>" + "x".repeat(100_000) + "</body></html>";
        FetchResult fetch = new FetchResult(Outcome.HTTP_ERROR, 503, 1, Duration.ofMillis(5), page.length(),
                TARGET.url(), page, "abc", "HTTP 503");

        Observation observation = builder.build(TARGET, fetch);

        // The page was read (a robot check behind a 503 is BLOCKED), then let go of.
        assertThat(observation.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(observation.bytes()).isEqualTo(page.length());
        assertThat(fetch.body()).isNull();
        assertThat(fetch.view()).isNull();
    }
}
