package io.rankkeeper.cli;

import io.rankkeeper.store.StoredTarget;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Finds the one target a user means: by key, by numeric id, or by an unambiguous part of its key or label. */
final class TargetMatcher {

    /** Candidates listed when a name is ambiguous; the rest are counted. */
    static final int MAX_CANDIDATES_SHOWN = 10;

    private TargetMatcher() {
    }

    /** @throws UsageException when nothing or several targets match, listing the candidates */
    static StoredTarget resolve(List<StoredTarget> targets, String query) {
        String wanted = query.trim();
        for (StoredTarget target : targets) {
            if (target.key().equals(wanted)) {
                return target;
            }
        }
        if (wanted.matches("\\d{1,18}")) {
            long id = Long.parseLong(wanted);
            for (StoredTarget target : targets) {
                if (target.id() == id) {
                    return target;
                }
            }
        }
        String needle = wanted.toLowerCase(Locale.ROOT);
        List<StoredTarget> exactLabel = targets.stream()
                .filter(target -> target.label() != null && target.label().toLowerCase(Locale.ROOT).equals(needle))
                .toList();
        if (exactLabel.size() == 1) {
            return exactLabel.get(0);
        }
        List<StoredTarget> candidates = targets.stream()
                .filter(target -> contains(target.key(), needle) || contains(target.label(), needle))
                .toList();
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw new UsageException("no target matches '" + wanted + "' (by key, id, label or part of them); "
                    + "run 'rankkeeper targets' to list them");
        }
        String shown = candidates.stream().limit(MAX_CANDIDATES_SHOWN)
                .map(target -> "  " + target.key() + (target.label() == null ? "" : " (" + target.label() + ")"))
                .collect(Collectors.joining(System.lineSeparator()));
        String more = candidates.size() > MAX_CANDIDATES_SHOWN
                ? System.lineSeparator() + "  ... and " + (candidates.size() - MAX_CANDIDATES_SHOWN) + " more"
                : "";
        throw new UsageException("'" + wanted + "' matches " + candidates.size() + " targets; give the key or more of it:"
                + System.lineSeparator() + shown + more);
    }

    private static boolean contains(String text, String needle) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(needle);
    }
}
