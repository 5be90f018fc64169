package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The daemon lock on PostgreSQL in cluster mode: nodes share it, a single daemon excludes them. */
class ClusterDaemonLockTest {

    @Test
    void clusterNodesShareTheLockButNeverRunBesideASingleDaemon() throws Exception {
        try (FreshDatabase database = FreshDatabase.create(DatabaseKind.POSTGRESQL);
                Store nodeA = Store.open(database.settings()); Store nodeB = Store.open(database.settings());
                Store single = Store.open(database.settings())) {
            AutoCloseable lockA = nodeA.acquireDaemonLock(true);
            AutoCloseable lockB = nodeB.acquireDaemonLock(true);

            assertThatThrownBy(single::acquireDaemonLock)
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("cluster nodes hold rankkeeper's advisory lock")
                    .hasMessageContaining("cluster.enabled: true");
            // a single daemon's status probe does not mistake the nodes for a single daemon
            assertThat(single.daemonLockHeld()).isFalse();

            lockA.close();
            lockB.close();
            try (AutoCloseable alone = single.acquireDaemonLock()) {
                assertThatThrownBy(() -> nodeA.acquireDaemonLock(true))
                        .isInstanceOf(StoreException.class)
                        .hasMessageContaining("A single (non-cluster) rankkeeper daemon is running");
            }
            try (AutoCloseable again = nodeA.acquireDaemonLock(true)) {
                assertThat(single.daemonLockHeld()).isFalse();
            }
        }
    }

    @Test
    void daemonsOnDifferentSchemasOfOneDatabaseDoNotSeeEachOther() throws Exception {
        try (FreshDatabase first = FreshDatabase.create(DatabaseKind.POSTGRESQL);
                FreshDatabase second = FreshDatabase.create(DatabaseKind.POSTGRESQL);
                Store one = Store.open(first.settings()); Store other = Store.open(second.settings());
                AutoCloseable lock = one.acquireDaemonLock(); AutoCloseable otherLock = other.acquireDaemonLock()) {
            assertThat(one.daemonLockHeld()).isTrue();
            assertThat(other.daemonLockHeld()).isTrue();
        }
    }
}
