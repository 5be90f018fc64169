package io.rankkeeper.store;

import io.rankkeeper.model.JdbcUrls;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class H2UrlsTest {

    @Test
    void turnsH2sSharedValueCacheOffBeforeH2ReadsItsSettings() {
        assertThat(H2Urls.effective("jdbc:h2:mem:x")).isNotNull(); // loads H2Urls, which sets it
        assertThat(System.getProperty(H2Urls.OBJECT_CACHE)).isEqualTo("false");
        // what H2 read when its settings class loaded: no test touches H2 before the store
        assertThat(org.h2.engine.SysProperties.OBJECT_CACHE).isFalse();
    }

    @Test
    void opensEmbeddedFilesDurablyAppendOnlyNonInterruptiblyAndSharedWithOtherProcesses() {
        assertThat(H2Urls.effective("jdbc:h2:file:./data/rankkeeper"))
                .isEqualTo("jdbc:h2:rkfile:./data/rankkeeper;WRITE_DELAY=0;REUSE_SPACE=FALSE;AUTO_SERVER=TRUE");
        assertThat(H2Urls.effective("jdbc:h2:./data/rk;MODE=REGULAR"))
                .isEqualTo("jdbc:h2:rkfile:./data/rk;MODE=REGULAR;WRITE_DELAY=0;REUSE_SPACE=FALSE;AUTO_SERVER=TRUE");
        assertThat(H2Urls.effective("jdbc:h2:/var/lib/rk/db")).isEqualTo("jdbc:h2:rkfile:/var/lib/rk/db;WRITE_DELAY=0;REUSE_SPACE=FALSE;AUTO_SERVER=TRUE");
    }

    @Test
    void keepsTheSettingsAndFileSystemTheUserChose() {
        assertThat(H2Urls.effective("jdbc:h2:file:./rk;write_delay=100;auto_server=false"))
                .isEqualTo("jdbc:h2:rkfile:./rk;write_delay=100;auto_server=false;REUSE_SPACE=FALSE");
        assertThat(H2Urls.effective("jdbc:h2:nio:./rk")).isEqualTo("jdbc:h2:nio:./rk;WRITE_DELAY=0;REUSE_SPACE=FALSE;AUTO_SERVER=TRUE");
    }

    @Test
    void leavesInMemoryAndServerUrlsAlone() {
        assertThat(H2Urls.effective("jdbc:h2:mem:test")).isEqualTo("jdbc:h2:mem:test");
        assertThat(H2Urls.effective("jdbc:h2:tcp://localhost/~/rk")).isEqualTo("jdbc:h2:tcp://localhost/~/rk");
    }

    @Test
    void findsTheFilePathOfAnEmbeddedUrl() {
        assertThat(H2Urls.filePath("jdbc:h2:file:/var/lib/rk/db;WRITE_DELAY=0")).isEqualTo("/var/lib/rk/db");
        assertThat(H2Urls.filePath("jdbc:h2:./rk")).isEqualTo("./rk");
        assertThat(H2Urls.filePath("jdbc:h2:async:./rk;AUTO_SERVER=TRUE")).isEqualTo("./rk");
        assertThat(H2Urls.filePath("jdbc:h2:rkfile:./rk;AUTO_SERVER=TRUE")).isEqualTo("./rk");
        assertThat(H2Urls.filePath("jdbc:h2:mem:x")).isNull();
    }

    @Test
    void masksPasswordsInJdbcUrls() {
        assertThat(JdbcUrls.masked("jdbc:postgresql://h/db?user=rk&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=rk&password=****&ssl=true");
        assertThat(JdbcUrls.masked("jdbc:postgresql://rk:s3cret@h/db")).isEqualTo("jdbc:postgresql://rk:****@h/db");
        assertThat(JdbcUrls.masked("jdbc:h2:file:./rk;PASSWORD=x")).isEqualTo("jdbc:h2:file:./rk;PASSWORD=****");
    }
}
