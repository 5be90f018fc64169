package io.rankkeeper.extract;

import io.rankkeeper.model.ExtractorSpec;

/** Creates the extractor for a group's {@link ExtractorSpec}. */
public final class Extractors {

    private Extractors() {
    }

    public static Extractor create(ExtractorSpec spec) {
        throw new UnsupportedOperationException("TODO " + spec);
    }
}
