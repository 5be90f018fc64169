package io.rankkeeper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import org.junit.jupiter.api.Test;

class ExtractorsTest {

    @Test
    void createsTheExtractorNamedLikeTheConfigKind() {
        for (ExtractorKind kind : ExtractorKind.values()) {
            ExtractorSpec spec = kind == ExtractorKind.CSS
                    ? new ExtractorSpec(kind, ".rank", null, null, null) : ExtractorSpec.of(kind);

            Extractor extractor = Extractors.create(spec);

            assertThat(extractor.name()).isEqualTo(kind.configName());
            assertThat(extractor.version()).isPositive();
        }
    }
}
