package io.rankkeeper.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a config file and reloads it after an edit, with the same validation as at start: a
 * good edit goes to {@code onValid}, a broken one to {@code onInvalid} (the caller keeps its old
 * config). Editors save in bursts (truncate, write, rename), so changes are debounced. One
 * daemon thread per watcher; {@link #close()} stops it.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);
    /** Quiet time after the last change before the file is read. */
    static final Duration DEBOUNCE = Duration.ofMillis(300);

    private final Path file;
    private final WatchService watchService;
    private final Thread thread;
    private final Consumer<RankkeeperConfig> onValid;
    private final Consumer<ConfigException> onInvalid;
    private FileTime lastSeen;

    private ConfigWatcher(Path file, WatchService watchService, Consumer<RankkeeperConfig> onValid,
            Consumer<ConfigException> onInvalid) {
        this.file = file;
        this.watchService = watchService;
        this.onValid = onValid;
        this.onInvalid = onInvalid;
        this.lastSeen = modified(file);
        this.thread = new Thread(this::watch, "rankkeeper-config-watch");
        this.thread.setDaemon(true);
    }

    /** Starts watching {@code file}. */
    public static ConfigWatcher start(Path file, Consumer<RankkeeperConfig> onValid,
            Consumer<ConfigException> onInvalid) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            WatchService watchService = FileSystems.getDefault().newWatchService();
            absolute.getParent().register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            ConfigWatcher watcher = new ConfigWatcher(absolute, watchService, onValid, onInvalid);
            watcher.thread.start();
            return watcher;
        } catch (IOException error) {
            throw new ConfigException("Cannot watch " + absolute + " for changes: " + error.getMessage()
                    + "; restart the daemon to apply config edits", error);
        }
    }

    /** Reads the file now (a reload on request, e.g. SIGHUP). */
    public void reloadNow() {
        try {
            onValid.accept(ConfigLoader.load(file));
        } catch (ConfigException invalid) {
            onInvalid.accept(invalid);
        } catch (RuntimeException unexpected) {
            log.error("Reloading {} failed", file, unexpected);
        } catch (OutOfMemoryError full) {
            // The edited config is read while the running one is still in memory. Without this the
            // watcher thread died (a 128 MB daemon of 100,000 targets) and no later edit applied.
            log.error("Reloading {} ran out of heap: the edited config is read while the running one is still"
                    + " in memory. The running config stays; give the JVM more heap (-Xmx: about 1 KB a target,"
                    + " plus 128 MB) and restart it to apply the edit", file);
        }
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watchService.take();
                boolean touched = key.pollEvents().stream()
                        .anyMatch(event -> file.getFileName().equals(event.context()));
                key.reset();
                if (!touched) {
                    continue;
                }
                // Wait for the burst of events of one save to end.
                WatchKey more;
                while ((more = watchService.poll(DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                FileTime modified = modified(file);
                if (modified != null && !modified.equals(lastSeen)) {
                    lastSeen = modified;
                    log.info("{} changed; reloading", file);
                    reloadNow();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.exists(file) ? Files.getLastModifiedTime(file) : null;
        } catch (IOException unreadable) {
            return null;
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            watchService.close();
        } catch (IOException ignored) {
            // Closing a watch service only releases its handle.
        }
    }
}
