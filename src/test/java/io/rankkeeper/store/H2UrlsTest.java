package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class H2UrlsTest {

    @Test
    void appendsDurableWritesToAnEmbeddedFileUrl() {
        assertThat(H2Urls.effective("jdbc:h2:file:./data/rankkeeper"))
                .isEqualTo("jdbc:h2:file:./data/rankkeeper;WRITE_DELAY=0");
        assertThat(H2Urls.effective("jdbc:h2:./data/rk;MODE=REGULAR"))
                .isEqualTo("jdbc:h2:./data/rk;MODE=REGULAR;WRITE_DELAY=0");
    }

    @Test
    void keepsTheWriteDelayTheUserChose() {
        assertThat(H2Urls.effective("jdbc:h2:file:./rk;write_delay=100")).isEqualTo("jdbc:h2:file:./rk;write_delay=100");
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
