package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardsTest {

    private static final List<Target> BOOKS = IntStream.range(0, 10_000)
            .mapToObj(index -> target("amazon.com/B%08d".formatted(index))).toList();

    @Test
    void everyTargetIsInExactlyOneShard() {
        for (int shards : new int[] {1, 2, 3, 8, 16, 1024}) {
            List<Target> seen = new ArrayList<>();
            for (int shard = 0; shard < shards; shard++) {
                seen.addAll(Shards.select(BOOKS, shard, shards));
            }
            // as many as the group has, and all of them: so none twice, none missing
            assertThat(seen).as("%d shards", shards).hasSameSizeAs(BOOKS);
            assertThat(new java.util.HashSet<>(seen)).as("%d shards", shards).isEqualTo(new java.util.HashSet<>(BOOKS));
        }
    }

    @Test
    void aTargetsShardDependsOnlyOnItsKeyAndTheShardCount() {
        // String.hashCode is specified by the JLS: these values hold in every JVM, on every node
        assertThat(Shards.shardOf("amazon.com/0132269937", 8)).isEqualTo(Math.floorMod("amazon.com/0132269937".hashCode(), 8));
        // pinned: a new version must not move targets between shards under a running cluster
        assertThat(Shards.shardOf("amazon.com/0132269937", 16)).isEqualTo(0);
        assertThat(Shards.shardOf("amazon.de/3446440828", 16)).isEqualTo(5);
        assertThat(Shards.shardOf("amazon.co.uk/1449355730", 16)).isEqualTo(10);
        // the order and company of the other targets do not matter
        Target book = target("amazon.com/0132269937");
        int shard = Shards.shardOf(book.key(), 16);
        assertThat(Shards.select(List.of(book), shard, 16)).containsExactly(book);
        assertThat(Shards.select(BOOKS.subList(0, 100), shard, 16)).doesNotContain(book);
        List<Target> reversed = new ArrayList<>(BOOKS);
        java.util.Collections.reverse(reversed);
        for (int index = 0; index < 16; index++) {
            assertThat(new java.util.HashSet<>(Shards.select(reversed, index, 16)))
                    .isEqualTo(new java.util.HashSet<>(Shards.select(BOOKS, index, 16)));
        }
    }

    @Test
    void shardsAreEvenlyFilledByTypicalKeys() {
        int shards = 16;
        Map<Integer, Integer> sizes = new HashMap<>();
        BOOKS.forEach(book -> sizes.merge(Shards.shardOf(book.key(), shards), 1, Integer::sum));

        assertThat(sizes).hasSize(shards);
        int fair = BOOKS.size() / shards;
        // within 15 % of a fair share: no node of a cluster gets a shard far larger than the others
        assertThat(sizes.values()).allSatisfy(size -> assertThat(size).isBetween(fair * 85 / 100, fair * 115 / 100));
    }

    @Test
    void oneShardIsTheWholeGroup() {
        assertThat(Shards.select(BOOKS, 0, 1)).isSameAs(BOOKS);
    }

    private static Target target(String key) {
        return new Target(key, "books", URI.create("https://www." + key.replace("/", "/dp/")), null, null);
    }
}
