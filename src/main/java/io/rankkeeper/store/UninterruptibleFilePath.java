package io.rankkeeper.store;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.channels.FileChannel;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;
import org.h2.store.fs.async.FilePathAsync;

/**
 * H2's file system for rankkeeper's embedded databases ({@code jdbc:h2:rkfile:<path>}): the
 * files on disk as H2's default opens them, with channels that an interrupt does not close.
 *
 * <p>A daemon interrupts runs to stop them. H2's default file channels close the database file
 * when a thread using them is interrupted, and every later statement fails. The JDK can make a
 * file channel ignore interrupts ({@code FileChannelImpl.setUninterruptible}, the switch its own
 * modules use), which needs {@code --add-opens java.base/sun.nio.ch} (the jar's manifest gives it
 * to {@code java -jar}). Without it the channels come from H2's {@code async:} file system, which is
 * also not interruptible but hands every read and write to another thread: a cold history read
 * took about six times as long that way (measured on a 1M-observation database).
 *
 * <p>Public with a public constructor because H2 creates instances by reflection.
 */
public final class UninterruptibleFilePath extends FilePathWrapper {

    static final String SCHEME = "rkfile";

    /**
     * The JVM option that lets this file system use the JDK's channels, as the jar's manifest
     * ({@code Add-Opens}) gives {@code java -jar}: for JVMs started with {@code -cp}.
     */
    public static final String JVM_OPTION = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";

    /** {@code FileChannelImpl.setUninterruptible()} when this JVM lets us call it, else null. */
    private static final Method SET_UNINTERRUPTIBLE = setUninterruptible();

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return open(getBase(), mode, SET_UNINTERRUPTIBLE);
    }

    /** Whether channels are the JDK's own made uninterruptible (not the slower async: ones). */
    static boolean direct() {
        return SET_UNINTERRUPTIBLE != null;
    }

    static FileChannel open(FilePath file, String mode, Method setUninterruptible) throws IOException {
        if (setUninterruptible == null) {
            return new FilePathAsync().wrap(file).open(mode);
        }
        FileChannel channel = file.open(mode);
        if (!setUninterruptible.getDeclaringClass().isInstance(channel)) {
            channel.close();
            return new FilePathAsync().wrap(file).open(mode);
        }
        try {
            setUninterruptible.invoke(channel);
            return channel;
        } catch (IllegalAccessException | InvocationTargetException e) {
            channel.close();
            throw new IOException("Could not make the channel of " + file + " uninterruptible", e);
        }
    }

    static Method setUninterruptible() {
        try {
            Method method = Class.forName("sun.nio.ch.FileChannelImpl").getMethod("setUninterruptible");
            return method.trySetAccessible() ? method : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
