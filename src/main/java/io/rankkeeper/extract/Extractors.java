package io.rankkeeper.extract;

import io.rankkeeper.model.ExtractorSpec;
import java.util.Objects;

/**
 * Creates the extractor for a group's {@link ExtractorSpec}. The extractors are immutable and
 * thread-safe; one instance may serve every target of a group.
 */
public final class Extractors {

    private static final Extractor AMAZON = new AmazonExtractor();
    private static final Extractor AMAZON_LIST = new AmazonListExtractor();

    private Extractors() {
    }

    /**
     * The extractor for {@code spec}.
     *
     * @throws io.rankkeeper.model.RankkeeperException when a css spec's selector or regex is not
     *     valid (the message names the bad value)
     */
    public static Extractor create(ExtractorSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return switch (spec.kind()) {
            case AMAZON -> AMAZON;
            case AMAZON_LIST -> AMAZON_LIST;
            case CSS -> new CssExtractor(spec);
        };
    }
}
