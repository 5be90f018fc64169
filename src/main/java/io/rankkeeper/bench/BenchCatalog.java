package io.rankkeeper.bench;

import io.rankkeeper.model.CategoryRank;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the benchmark shop sells: target {@code i} has the path {@code /dp/B00000000i}, a page
 * built from one of {@link #TEMPLATES} page templates (400 KB to 1 MB of noise, rank block at a
 * varying position) and three ranks of its own. A pure function of the index, so the server (in
 * its own JVM) and the checker agree without talking. Stateless, thread-safe.
 */
final class BenchCatalog {

    /** Distinct page bodies: enough variety in size and rank position, little memory in the server. */
    static final int TEMPLATES = 64;
    static final int MIN_NOISE_BYTES = 400_000;
    static final int MAX_NOISE_BYTES = 990_000;
    static final String PATH_PREFIX = "/dp/";

    private static final String[][] SUB_CATEGORIES = {
        {"Python Programming", "285856"}, {"Web Development & Design", "3510"},
        {"Software Development", "3608"}, {"Data Processing", "3652"},
        {"Introductory & Beginning Programming", "3952"}, {"Computer Science", "3508"},
        {"Databases & Big Data", "549646"}, {"Java Programming", "3617"},
        {"Algorithms", "3970"}, {"Machine Learning", "3887"},
        {"Networking & Cloud Computing", "3652012"}, {"Operating Systems", "3756"},
    };

    private BenchCatalog() {
    }

    static String asin(int index) {
        return String.format("B%09d", index);
    }

    static String path(int index) {
        return PATH_PREFIX + asin(index);
    }

    /** The target index of a request path, or -1 when the path is not a product page. */
    static int indexOf(String path) {
        return path.startsWith(PATH_PREFIX) ? indexOfAsin(path.substring(PATH_PREFIX.length())) : -1;
    }

    /** The target index of an ASIN made by {@link #asin}, or -1 when it is not one. */
    static int indexOfAsin(String asin) {
        if (!asin.startsWith("B") || asin.length() != 10) {
            return -1;
        }
        try {
            return Integer.parseInt(asin.substring(1));
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    static int template(int index) {
        return index % TEMPLATES;
    }

    /** Noise of a template, spread evenly from 400 KB to about 1 MB. */
    static int noiseBytes(int template) {
        return MIN_NOISE_BYTES + (int) ((long) template * (MAX_NOISE_BYTES - MIN_NOISE_BYTES) / (TEMPLATES - 1));
    }

    /** The ranks target {@code index} shows: Books, then two distinct sub-categories. */
    static List<CategoryRank> ranks(int index) {
        Random random = new Random(0x5EEDL * 31 + index);
        List<CategoryRank> ranks = new ArrayList<>(3);
        ranks.add(new CategoryRank("Books", "books", null, 1 + random.nextInt(4_000_000), true));
        int first = random.nextInt(SUB_CATEGORIES.length);
        int second = (first + 1 + random.nextInt(SUB_CATEGORIES.length - 1)) % SUB_CATEGORIES.length;
        for (int sub : new int[] {first, second}) {
            ranks.add(new CategoryRank(SUB_CATEGORIES[sub][0], SUB_CATEGORIES[sub][1], null,
                    1 + random.nextInt(20_000), false));
        }
        return ranks;
    }

    /** A sub-category by number (wraps around), for generated history. */
    static String[] subCategory(int number) {
        return SUB_CATEGORIES[Math.floorMod(number, SUB_CATEGORIES.length)];
    }
}
