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
import java.nio.file.WatchEvent;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a config file, and the {@code targetsFile}s it names, and reloads the config after an
 * edit of any of them, with the same validation as at start: a good edit goes to
 * {@code onValid}, a broken one to {@code onInvalid} (the caller keeps its old config). Editors
 * save in bursts (truncate, write, rename), so changes are debounced. The files followed are
 * those the newest load named, refused or not, so a targets file named before it was created is
 * read once it appears. One daemon thread per watcher; {@link #close()} stops it.
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
    /** The config and its targets files, each with the modification time it was read at (null: missing). */
    private final Map<Path, FileTime> followed = new HashMap<>();
    private final Set<Path> folders = new HashSet<>();

    private ConfigWatcher(Path file, WatchService watchService, Consumer<RankkeeperConfig> onValid,
            Consumer<ConfigException> onInvalid) {
        this.file = file;
        this.watchService = watchService;
        this.onValid = onValid;
        this.onInvalid = onInvalid;
        this.thread = new Thread(this::watch, "rankkeeper-config-watch");
        this.thread.setDaemon(true);
    }

    /** Starts watching the file {@code running} was read from, and its targets files. */
    public static ConfigWatcher start(RankkeeperConfig running, Consumer<RankkeeperConfig> onValid,
            Consumer<ConfigException> onInvalid) {
        Path absolute = running.source().toAbsolutePath().normalize();
        try {
            WatchService watchService = FileSystems.getDefault().newWatchService();
            absolute.getParent().register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            ConfigWatcher watcher = new ConfigWatcher(absolute, watchService, onValid, onInvalid);
            watcher.folders.add(absolute.getParent());
            watcher.follow(running.targetsFiles(), Map.of());
            watcher.thread.start();
            return watcher;
        } catch (IOException error) {
            throw new ConfigException("Cannot watch " + absolute + " for changes: " + error.getMessage()
                    + "; restart the daemon to apply config edits", error);
        }
    }

    /** Reads the file now (a reload on request, e.g. SIGHUP). */
    public synchronized void reloadNow() {
        // the times before reading: an edit saved while the config is read is seen as a change
        Map<Path, FileTime> before = times(followedFiles());
        Set<Path> targetsFiles = new LinkedHashSet<>();
        try {
            RankkeeperConfig loaded = ConfigLoader.load(file, targetsFiles);
            follow(targetsFiles, before);
            onValid.accept(loaded);
        } catch (ConfigException invalid) {
            follow(targetsFiles, before);
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

    /**
     * Follows the config and {@code targetsFiles} from now on, each as of {@code times} (or now,
     * for a file not in it).
     */
    private void follow(Collection<Path> targetsFiles, Map<Path, FileTime> times) {
        Map<Path, FileTime> next = new HashMap<>();
        next.put(file, times.containsKey(file) ? times.get(file) : modified(file));
        for (Path targets : targetsFiles) {
            next.put(targets, times.containsKey(targets) ? times.get(targets) : modified(targets));
        }
        for (Path path : next.keySet()) {
            Path folder = path.getParent();
            if (folder != null && Files.isDirectory(folder) && !folders.contains(folder)) {
                try {
                    folder.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
                    folders.add(folder);
                } catch (IOException | ClosedWatchServiceException unwatchable) {
                    log.error("Cannot watch {} for changes ({}); edits of {} apply at a reload (SIGHUP) or an edit"
                            + " of {}", folder, unwatchable.getMessage(), path, file);
                }
            }
        }
        synchronized (followed) {
            followed.clear();
            followed.putAll(next);
        }
    }

    private Set<Path> followedFiles() {
        synchronized (followed) {
            return new HashSet<>(followed.keySet());
        }
    }

    private static Map<Path, FileTime> times(Set<Path> files) {
        Map<Path, FileTime> times = new HashMap<>();
        files.forEach(path -> times.put(path, modified(path)));
        return times;
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watchService.take();
                boolean touched = touches(key);
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
                Path changed = firstChanged();
                if (changed != null) {
                    log.info("{} changed; reloading {}", changed, file);
                    reloadNow();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the key's events name one of the files followed. */
    private boolean touches(WatchKey key) {
        Path folder = (Path) key.watchable();
        List<WatchEvent<?>> events = key.pollEvents();
        synchronized (followed) {
            return events.stream().anyMatch(event -> event.context() instanceof Path name
                    && followed.containsKey(folder.resolve(name)));
        }
    }

    /** A followed file whose modification time is not the one it was read at, or null. */
    private Path firstChanged() {
        synchronized (followed) {
            return followed.entrySet().stream()
                    .filter(entry -> !Objects.equals(modified(entry.getKey()), entry.getValue()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
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
