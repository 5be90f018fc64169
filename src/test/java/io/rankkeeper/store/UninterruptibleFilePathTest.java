package io.rankkeeper.store;

import static io.rankkeeper.store.TestData.T0;
import static io.rankkeeper.store.TestData.main;
import static io.rankkeeper.store.TestData.ok;
import static io.rankkeeper.store.TestData.runStart;
import static io.rankkeeper.store.TestData.target;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.h2.store.fs.FilePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An interrupted thread that reads or writes the database leaves it open for everyone, with the
 * JDK's own channels (what {@code java -jar} and the tests get) and with the async: fallback
 * (a JVM started without {@code --add-opens java.base/sun.nio.ch}).
 */
class UninterruptibleFilePathTest {

    @TempDir
    Path dir;

    @Test
    void thisJvmGetsTheDirectChannelsAsJavaDashJarDoes() {
        // the pom gives the tests the jar manifest's Add-Opens; without it every test below would
        // only cover the fallback
        assertThat(UninterruptibleFilePath.direct()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aChannelUsedByAnInterruptedThreadStaysOpen(boolean direct) throws Exception {
        Method setUninterruptible = direct ? UninterruptibleFilePath.setUninterruptible() : null;
        FilePath file = FilePath.get(dir.resolve("data.bin").toString());
        try (FileChannel channel = UninterruptibleFilePath.open(file, "rw", setUninterruptible)) {
            assertThat(channel.getClass().getName()).isEqualTo(direct ? "sun.nio.ch.FileChannelImpl"
                    : "org.h2.store.fs.async.FileAsync");
            Thread.currentThread().interrupt();
            try {
                channel.write(ByteBuffer.wrap("written while interrupted".getBytes(StandardCharsets.US_ASCII)), 0);
                channel.force(true);
                ByteBuffer read = ByteBuffer.allocate(64);
                channel.read(read, 0);
                assertThat(new String(read.array(), 0, read.position(), StandardCharsets.US_ASCII))
                        .isEqualTo("written while interrupted");
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(channel.isOpen()).isTrue();
            assertThat(channel.size()).isEqualTo("written while interrupted".length());
        }
    }

    @Test
    void aStoreWrittenAndReadByAnInterruptedThreadKeepsWorking() {
        // With H2's plain file: URL the first commit below fails with ClosedByInterruptException
        // and so does every statement after it, from any thread.
        try (Store store = Store.open(new DatabaseSettings("jdbc:h2:file:" + dir.resolve("rk"), null, null))) {
            store.syncTargets(List.of(target("A1")));
            long runId;
            Thread.currentThread().interrupt();
            try {
                // a commit: H2 writes the file from this thread
                runId = store.startRun(runStart("books", T0, "node-a"));
            } finally {
                assertThat(Thread.interrupted()).isTrue();
            }
            try (Store.ObservationWriter writer = store.openWriter()) {
                writer.add(ok("A1", runId, T0, T0.plusSeconds(5), main("Books", "283155", 42)));
            }
            assertThat(store.run(runId).id()).isEqualTo(runId);
            assertThat(store.history("A1", Instant.EPOCH, T0.plusSeconds(60)))
                    .singleElement().satisfies(entry -> assertThat(entry.ranks()).hasSize(1));
        }
    }
}
