package io.rankkeeper.bench;

import java.util.List;

/**
 * The figures of one {@code export} run. Immutable.
 *
 * @param rows CSV rows written (header not counted)
 * @param commandSeconds the command's own time from opening the database to the last row
 * @param wallSeconds the child JVM's whole life, start-up included
 * @param csvBytes size of the CSV file
 * @param heapAfterGcMegabytes heap in use after each garbage collection, in order
 */
record ExportFigures(long rows, double commandSeconds, double wallSeconds, long csvBytes,
        List<Integer> heapAfterGcMegabytes) {

    ExportFigures {
        heapAfterGcMegabytes = List.copyOf(heapAfterGcMegabytes);
    }

    double rowsPerSecond() {
        return rows / Math.max(commandSeconds, 1e-9);
    }

    /** "3 MB first, 4 MB max, 3 MB last (120 collections)", or "no collection". */
    String heap() {
        if (heapAfterGcMegabytes.isEmpty()) {
            return "no collection";
        }
        int max = heapAfterGcMegabytes.stream().mapToInt(Integer::intValue).max().orElse(0);
        return String.format(java.util.Locale.ROOT, "after GC: %d MB first, %d MB max, %d MB last (%d collections)",
                heapAfterGcMegabytes.get(0), max, heapAfterGcMegabytes.get(heapAfterGcMegabytes.size() - 1),
                heapAfterGcMegabytes.size());
    }
}
