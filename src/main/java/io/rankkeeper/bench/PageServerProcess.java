package io.rankkeeper.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on the benchmark shop running in a child JVM ({@link PageServerMain}):
 * same java binary and class path as this JVM, a small heap, its stderr passed through.
 * Not thread-safe: one benchmark thread talks to it.
 */
final class PageServerProcess implements AutoCloseable {

    /** The server's own heap: pages live in direct buffers, requests are tiny. */
    private static final String SERVER_HEAP = "-Xmx192m";
    private static final String SERVER_DIRECT_MEMORY = "-XX:MaxDirectMemorySize=1g";
    private static final long STOP_WAIT_SECONDS = 5;

    private final Process process;
    private final BufferedReader replies;
    private final PrintStream commands;
    private final List<URI> baseUris;

    private PageServerProcess(Process process, BufferedReader replies, PrintStream commands, List<URI> baseUris) {
        this.process = process;
        this.replies = replies;
        this.commands = commands;
        this.baseUris = baseUris;
    }

    /** Starts the server for {@code targets} targets on {@code hosts} addresses from 127.0.0.2; waits until it listens. */
    static PageServerProcess start(int targets, int hosts, boolean gzip) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, SERVER_HEAP, SERVER_DIRECT_MEMORY, "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), PageServerMain.class.getName(),
                Integer.toString(targets), Integer.toString(hosts), "2", gzip ? "gzip" : "plain");
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        BufferedReader replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintStream commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        List<URI> baseUris = new ArrayList<>();
        try {
            String line;
            while ((line = replies.readLine()) != null && !line.equals("READY")) {
                String[] words = line.split(" ");
                if (words[0].equals("LISTEN")) {
                    baseUris.add(URI.create("http://" + words[1] + ":" + words[2]));
                }
            }
            if (line == null) {
                throw new IOException("The benchmark server exited before it listened (exit code "
                        + process.waitFor() + "); its error output is above");
            }
        } catch (IOException | InterruptedException error) {
            process.destroyForcibly();
            if (error instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw error instanceof IOException io ? io : new IOException("Interrupted while starting the server", error);
        }
        return new PageServerProcess(process, replies, commands, baseUris);
    }

    /** {@code http://127.0.0.2:port} and so on, one per host. */
    List<URI> baseUris() {
        return baseUris;
    }

    void setLatencyMillis(long millis) throws IOException {
        ask("latency " + millis);
    }

    /** CPU time the server process has used so far, in nanoseconds. */
    long cpuNanos() throws IOException {
        return Long.parseLong(ask("stats").split(" ")[1]);
    }

    private String ask(String command) throws IOException {
        commands.println(command);
        String reply = replies.readLine();
        if (reply == null || reply.startsWith("ERROR")) {
            throw new IOException("The benchmark server did not accept '" + command + "': " + reply);
        }
        return reply;
    }

    @Override
    public void close() {
        commands.close();
        try {
            if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
