package io.rankkeeper.store;

import java.util.List;

/**
 * Test helper run in a child JVM: writes and flushes observations into the H2 database named by
 * its first argument, prints "committed N" and hangs until it is killed.
 */
public final class CommitThenHang {

    private CommitThenHang() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[1]);
        Store store = Store.open(new DatabaseSettings(args[0], null, null));
        store.syncTargets(List.of(TestData.target("A1")));
        long runId = store.startRun(TestData.runStart("books", TestData.T0, "node-a"));
        Store.ObservationWriter writer = store.openWriter();
        for (int i = 0; i < count; i++) {
            var scheduled = TestData.T0.plusSeconds(60L * i);
            writer.add(TestData.ok("A1", runId, scheduled, scheduled.plusSeconds(1), TestData.main("Books", "283155", 1 + i)));
        }
        writer.flush();
        System.out.println("committed " + count);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
