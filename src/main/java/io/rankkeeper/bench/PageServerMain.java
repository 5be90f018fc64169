package io.rankkeeper.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark shop in a JVM of its own, so that the client's CPU time and RSS are measured
 * clean. Started by {@link PageServerProcess}; talks over stdin/stdout, one line each way:
 * it prints {@code LISTEN <host> <port>} per address then {@code READY}; it answers
 * {@code latency <ms>} with {@code OK}, {@code stats} with {@code STATS <cpu nanos> <requests>},
 * and stops when stdin closes (so it never outlives the benchmark).
 */
public final class PageServerMain {

    private PageServerMain() {
    }

    /** Arguments: targets, hosts, first address (last octet), "gzip" or "plain". */
    public static void main(String[] args) throws IOException {
        int targets = Integer.parseInt(args[0]);
        int hosts = Integer.parseInt(args[1]);
        int firstAddress = Integer.parseInt(args[2]);
        boolean gzip = args[3].equals("gzip");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ServedPages pages = new ServedPages(targets, gzip);
        try (PageServer server = PageServer.start(pages, hosts, firstAddress)) {
            for (InetSocketAddress address : server.addresses()) {
                out.println("LISTEN " + address.getAddress().getHostAddress() + " " + address.getPort());
            }
            out.println("READY");
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String command;
            while ((command = commands.readLine()) != null) {
                String[] words = command.trim().split("\\s+");
                switch (words[0]) {
                    case "latency" -> {
                        server.setLatencyMillis(Long.parseLong(words[1]));
                        out.println("OK");
                    }
                    case "stats" -> out.println("STATS " + cpuNanos() + " " + server.requests());
                    default -> out.println("ERROR unknown command " + command);
                }
            }
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
