package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

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
}
