package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.config.CatchUp;
import io.rankkeeper.config.DatabaseConfig;
import io.rankkeeper.config.GroupConfig;
import io.rankkeeper.config.HttpConfig;
import io.rankkeeper.config.RankkeeperConfig;
import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import io.rankkeeper.model.RunStatus;
import io.rankkeeper.model.Target;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {

    @TempDir
    Path dir;

    @Test
    void completesARunWithNoTargetsSuchAsAShardTheHashLeftEmpty() {
        Target target = new Target("shop/A", "books", URI.create("http://127.0.0.1:9/dp/A"), "A", null);
        GroupConfig group = new GroupConfig("books", "0 0 * * * ?", ZoneOffset.UTC, ExtractorSpec.of(ExtractorKind.AMAZON),
                CatchUp.ONCE, false, 1, List.of(target));
        RankkeeperConfig config = new RankkeeperConfig(dir.resolve("rankkeeper.yml"),
                new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db/rankkeeper"), null, null), HttpConfig.defaults(),
                List.of(group));
        try (Engine engine = Engine.open(config)) {
            engine.syncTargets();

            RunResult result = engine.run(engine.manualRequest(group, List.of()), RunListener.NONE);

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.attempted()).isZero();
            assertThat(engine.store().run(result.runId()).status()).isEqualTo(RunStatus.COMPLETED);
        }
    }
}
