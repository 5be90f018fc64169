package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.Target;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostInterleavingTest {

    private static Target target(String key, String host) {
        return new Target(key, "books", URI.create("http://" + host + "/dp/" + key), key, null);
    }

    @Test
    void takesTheHostsInTurnKeepingEachHostsOrder() {
        List<Target> listedHostByHost = List.of(target("a1", "a.example"), target("a2", "a.example"),
                target("a3", "a.example"), target("b1", "b.example:8080"), target("c1", "c.example"),
                target("c2", "c.example"));

        List<Target> ordered = HostInterleaving.interleave(listedHostByHost);

        assertThat(ordered).extracting(Target::key).containsExactly("a1", "b1", "c1", "a2", "c2", "a3");
    }

    @Test
    void leavesOneHostsTargetsAsConfigured() {
        List<Target> oneHost = List.of(target("x2", "a.example"), target("x1", "a.example"));

        assertThat(HostInterleaving.interleave(oneHost)).isEqualTo(oneHost);
        assertThat(HostInterleaving.interleave(List.of())).isEmpty();
    }
}
