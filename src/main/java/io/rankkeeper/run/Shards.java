package io.rankkeeper.run;

import io.rankkeeper.model.Target;
import java.util.List;

/** Splits a group's targets into shards by a stable hash of the target key. */
final class Shards {

    private Shards() {
    }

    /** The shard of {@code key} out of {@code shards}; the same in every JVM (String.hashCode is specified). */
    static int shardOf(String key, int shards) {
        return Math.floorMod(key.hashCode(), shards);
    }

    static List<Target> select(List<Target> targets, int shard, int shards) {
        if (shards <= 1) {
            return targets;
        }
        return targets.stream().filter(target -> shardOf(target.key(), shards) == shard).toList();
    }
}
