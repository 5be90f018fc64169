package io.rankkeeper.run;

import io.rankkeeper.store.UninterruptibleFilePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A rankkeeper command in a JVM of its own, as a user starts it: its stdout and stderr go to
 * files that the test reads. {@link #stop()} sends SIGTERM, {@link #kill()} SIGKILL.
 */
final class CliProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private CliProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code io.rankkeeper.cli.Main args} with output to {@code <dir>/<name>.out} and {@code .err}. */
    static CliProcess start(Path dir, String name, String... args) throws IOException {
        return start(dir, name, List.of(), args);
    }

    /** As {@link #start(Path, String, String...)}, with options for the child JVM (heap, JIT, properties). */
    static CliProcess start(Path dir, String name, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (ignoresSighup()) {
            // Run under nohup, these tests would hand the ignored SIGHUP on to every daemon, and the
            // JVM never handles a signal it was started ignoring: start the CLI as a terminal would.
            command.addAll(List.of("env", "--default-signal=HUP"));
        }
        command.addAll(javaCommand(jvmOptions, args));
        return startCommand(dir, name, command);
    }

    /** {@code java [options] -cp <test class path> io.rankkeeper.cli.Main args}, with what the jar's manifest gives java -jar. */
    static List<String> javaCommand(List<String> jvmOptions, String... args) {
        // H2 files without the async: fallback
        List<String> command = new ArrayList<>(List.of(java(), UninterruptibleFilePath.JVM_OPTION));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.rankkeeper.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    /** True on Linux when this JVM was started with SIGHUP ignored (its children inherit that). */
    static boolean ignoresSighup() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 1L) != 0;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // no /proc: nothing to undo
        }
        return false;
    }

    /** The java launcher of the JVM running the tests. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts any {@code command} in {@code dir}, with output to {@code <dir>/<name>.out} and {@code .err}. */
    static CliProcess startCommand(Path dir, String name, List<String> command) throws IOException {
        return startCommand(dir, name, command, java.util.Map.of());
    }

    /** As {@link #startCommand(Path, String, List)}, with {@code environment} added to this JVM's. */
    static CliProcess startCommand(Path dir, String name, List<String> command, java.util.Map<String, String> environment)
            throws IOException {
        Path stdout = dir.resolve(name + ".out");
        Path stderr = dir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(environment);
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        return new CliProcess(process, stdout, stderr);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** Waits until stdout or stderr matches {@code regex}; fails if the process ends or time runs out first. */
    void awaitOutput(String regex, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pattern.matcher(stdout()).find() || pattern.matcher(stderr()).find()) {
                return;
            }
            if (!process.isAlive() && !pattern.matcher(stdout() + stderr()).find()) {
                throw new AssertionError("process " + pid() + " ended with " + process.exitValue() + " before /"
                        + regex + "/:\n" + stdout() + "\n" + stderr());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no /" + regex + "/ within " + timeout + " from process " + pid() + ":\n" + stdout()
                + "\n" + stderr() + "\n" + threadDump());
    }

    /** What every thread of the process is doing (jcmd Thread.print), for a wait that timed out; never throws. */
    private String threadDump() {
        if (!process.isAlive()) {
            return "";
        }
        try {
            Path dump = Files.createTempFile("threads-" + pid(), ".txt");
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid()), "Thread.print").redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            if (!jcmd.waitFor(10, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
            }
            String threads = read(dump);
            Files.delete(dump);
            return "threads of process " + pid() + ":\n" + threads;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** Waits for the process to end on its own; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process " + pid() + " still running after " + timeout + ":\n" + stderr());
        }
        return process.exitValue();
    }

    /** SIGTERM, as {@code kill PID} or a service manager sends it. */
    void stop() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hook, no close, as a crash or {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static String read(Path file) {
        try {
            // The process may be in the middle of a character: decode leniently.
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException unreadable) {
            throw new IllegalStateException("cannot read " + file, unreadable);
        }
    }
}
