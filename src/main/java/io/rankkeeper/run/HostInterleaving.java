package io.rankkeeper.run;

import io.rankkeeper.model.Target;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * Orders a run's targets round-robin over their hosts, each host's targets in their configured
 * order. A run starts targets through a window of limited size and each host takes only a few
 * requests at a time: in configured order, a list written host by host filled the window with
 * one host's targets waiting for their turn while the other hosts idled. Stateless.
 */
final class HostInterleaving {

    private HostInterleaving() {
    }

    static List<Target> interleave(List<Target> targets) {
        Map<String, Queue<Target>> byHost = new LinkedHashMap<>();
        for (Target target : targets) {
            byHost.computeIfAbsent(target.host(), host -> new ArrayDeque<>()).add(target);
        }
        if (byHost.size() <= 1) {
            return targets;
        }
        List<Target> ordered = new ArrayList<>(targets.size());
        while (ordered.size() < targets.size()) {
            for (Queue<Target> queue : byHost.values()) {
                Target next = queue.poll();
                if (next != null) {
                    ordered.add(next);
                }
            }
        }
        return ordered;
    }
}
