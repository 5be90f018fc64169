package io.rankkeeper.cli;

import io.rankkeeper.config.ConfigLoader;
import io.rankkeeper.demo.DemoShop;
import io.rankkeeper.demo.Marketplace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the first five minutes without internet. Serves a small built-in shop on
 * loopback, writes a config and database under {@code --dir}, and runs the daemon on it every
 * few seconds until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the daemon against a built-in shop on loopback (no internet needed), "
                + "with its config and database under --dir; try the other commands beside it.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo",
            description = "Where the demo config and database go (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--every", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds between runs, 1 to 59 (default: ${DEFAULT-VALUE}).")
    int every;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (every < 1 || every > 59) {
            throw new UsageException("--every must be from 1 to 59 seconds, was " + every);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Marketplace shop = Marketplace.start(DemoShop.HOSTS, new DemoShop(Clock.systemUTC()))) {
            Path config = writeConfig(shop);
            DaemonCommand.runUntilStopped(() -> ConfigLoader.load(config), out, spec.commandLine().getErr(),
                    loaded -> explain(out, shop, config));
        }
        return ExitCodes.OK;
    }

    private Path writeConfig(Marketplace shop) throws IOException {
        Files.createDirectories(dir);
        StringBuilder targets = new StringBuilder();
        Map<String, String> urls = DemoShop.targetUrls(shop);
        int index = 0;
        for (Map.Entry<String, String> target : urls.entrySet()) {
            targets.append("      - key: ").append(target.getKey()).append('\n')
                    .append("        url: ").append(target.getValue()).append('\n')
                    .append("        label: \"").append(DemoShop.books().get(index++).title()).append("\"\n");
        }
        Path config = dir.resolve("rankkeeper.yml");
        Files.writeString(config, """
                # Written by `rankkeeper demo`: a built-in shop on loopback, fetched every %d seconds.
                # The shop's ports change at each start, so this file is rewritten each time.
                database:
                  url: jdbc:h2:file:%s
                http:
                  perHostDelay: 200ms
                  retries: 1
                groups:
                  - name: demo-books
                    schedule: "*/%d * * * * ?"
                    timeZone: UTC
                    extractor: amazon
                    catchUp: once
                    targets:
                %s""".formatted(every, dir.toAbsolutePath().resolve("data/rankkeeper"), every, targets));
        return config;
    }

    private static void explain(PrintWriter out, Marketplace shop, Path config) {
        String jar = "java -jar target/rankkeeper.jar";
        String with = " --config " + config;
        out.printf("""
                rankkeeper demo: a shop of %d books on %s and three more loopback hosts (one book
                sometimes shows a robot check, one always gets Amazon's 503 error page), fetched on a schedule.
                Config and database: %s

                Try in another terminal while this runs:
                  %s status%s
                  %s targets%s
                  %s history%s demo/0132269937
                  %s sql%s "SELECT outcome, COUNT(*) AS attempts FROM observation GROUP BY outcome"
                  %s export%s --out ranks.csv
                Stop with Ctrl-C.
                """, DemoShop.books().size(), shop.baseUri(0), config.getParent(), jar, with, jar,
                with, jar, with, jar, with, jar, with);
    }
}
