package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DaemonLockProbeTest {

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void seesTheDaemonLockOnlyWhileADaemonHoldsIt(DatabaseKind kind) throws Exception {
        try (FreshDatabase database = FreshDatabase.create(kind); Store status = Store.open(database.settings())) {
            assertThat(status.daemonLockHeld()).isFalse();

            // a daemon holds the lock while it runs; stopping closes its store
            try (Store daemon = Store.open(database.settings()); AutoCloseable lock = daemon.acquireDaemonLock()) {
                assertThat(status.daemonLockHeld()).isTrue();
            }

            assertThat(status.daemonLockHeld()).isFalse();
            // probing let go of the lock: a daemon can still start
            try (Store daemon = Store.open(database.settings()); AutoCloseable lock = daemon.acquireDaemonLock()) {
                assertThat(status.daemonLockHeld()).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void refusesASecondDaemonUntilTheFirstLetsGoEvenWhileItsStoreStaysOpen(DatabaseKind kind) throws Exception {
        try (FreshDatabase database = FreshDatabase.create(kind); Store first = Store.open(database.settings());
                Store second = Store.open(database.settings())) {
            AutoCloseable lock = first.acquireDaemonLock();

            assertThatThrownBy(second::acquireDaemonLock)
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("Another rankkeeper daemon is already running")
                    .hasMessageContaining("cluster.enabled: true");

            lock.close();
            // on PostgreSQL the pool keeps the session alive: the lock must have been released, not just the connection
            try (AutoCloseable again = second.acquireDaemonLock()) {
                assertThat(first.daemonLockHeld()).isTrue();
            }
        }
    }
}
