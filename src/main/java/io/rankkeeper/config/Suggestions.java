package io.rankkeeper.config;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for near misses: typos in keys, time zones and extractor names. Stateless. */
final class Suggestions {

    private Suggestions() {
    }

    /** The candidate closest to {@code given}, or null when none is close enough to be a typo. */
    static String closest(String given, Collection<String> candidates) {
        String wanted = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(wanted, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // Up to two edits, and never more than a third of the word: "url" must not suggest "key".
        int allowed = Math.min(2, Math.max(1, given.length() / 3));
        return best != null && bestDistance <= allowed ? best : null;
    }

    /**
     * The fix for an unknown name: {@code "; did you mean \"x\"? Rest"} when there is a near
     * miss, else {@code "; rest"}.
     */
    static String fix(String given, Collection<String> candidates, String rest) {
        String closest = closest(given, candidates);
        return closest == null ? "; " + rest
                : "; did you mean \"" + closest + "\"? " + Character.toUpperCase(rest.charAt(0)) + rest.substring(1);
    }

    /** Levenshtein distance, counting a swap of neighbours as one edit too. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
