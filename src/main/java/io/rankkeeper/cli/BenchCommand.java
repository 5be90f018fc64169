package io.rankkeeper.cli;

import io.rankkeeper.bench.BenchSettings;
import io.rankkeeper.bench.Benchmark;
import io.rankkeeper.model.JdbcUrls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: measures fetch throughput, CPU, memory and storage speed on this machine (issue 6). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures whole scrape runs against a local shop of realistic 400 KB to 1 MB product pages "
                + "(pages/s, share of the I/O limit, CPU per page, peak RSS, every stored rank checked), then "
                + "storage speed on generated history. Prints a report; progress goes to stderr.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--targets", paramLabel = "K", defaultValue = "" + BenchSettings.DEFAULT_TARGETS,
            description = "Targets per scrape run (default: ${DEFAULT-VALUE}).")
    int targets;

    @Option(names = "--latency", paramLabel = "MS", split = ",", defaultValue = "0,100",
            description = "Server latencies per response in ms, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> latencies = new ArrayList<>();

    @Option(names = "--concurrency", paramLabel = "C", split = ",", defaultValue = "32,128",
            description = "Requests in flight, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> concurrencies = new ArrayList<>();

    @Option(names = "--gzip", description = "Serve the pages gzip-compressed (default: uncompressed).")
    boolean gzip;

    @Option(names = "--hosts", paramLabel = "N", defaultValue = "" + BenchSettings.DEFAULT_HOSTS,
            description = "Loopback addresses the server listens on, from 127.0.0.2 (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--observations", paramLabel = "N", defaultValue = "" + BenchSettings.DEFAULT_OBSERVATIONS,
            description = "Observations in the storage part; 0 skips it (default: ${DEFAULT-VALUE}).")
    long observations;

    @Option(names = "--warmup", paramLabel = "K",
            description = "Targets of an unreported warm-up run before the scenarios, so that the figures are the "
                    + "compiled code's, not the JIT compiler's (default: as many as --targets).")
    Integer warmup;

    @Option(names = "--scenario-warmup", paramLabel = "N",
            description = "Targets of the unreported runs each scenario makes first, with its own latency and "
                    + "concurrency, until one in which the JIT compiler took at most a tenth of the CPU (five at most), "
                    + "so that it has recompiled for that workload (default: a fifth of --targets).")
    Integer scenarioWarmup;

    @Option(names = "--store-url", paramLabel = "JDBC_URL",
            description = "Run the storage part on PostgreSQL, in a fresh schema of this database that is dropped "
                    + "at the end, e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres (default: a fresh "
                    + "H2 file).")
    String storeUrl;

    @Option(names = "--smoke", description = "A tiny configuration (200 targets, 0 and 20 ms, 32 in flight, "
            + "20,000 observations) that finishes in well under a minute; ignores the size options, not --store-url.")
    boolean smoke;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        BenchSettings settings;
        try {
            settings = smoke ? BenchSettings.smoke(gzip, hosts, storeUrl)
                    : new BenchSettings(targets, latencies, concurrencies, gzip, hosts,
                            warmup == null ? targets : warmup,
                            scenarioWarmup == null ? BenchSettings.defaultScenarioWarmup(targets) : scenarioWarmup,
                            observations, storeUrl);
        } catch (IllegalArgumentException invalid) {
            throw new UsageException(invalid.getMessage());
        }
        new Benchmark(settings, spec.commandLine().getOut(), spec.commandLine().getErr()).run(commandLine(settings));
        return ExitCodes.OK;
    }

    /** The command that reproduces this report, every setting spelled out. */
    private String commandLine(BenchSettings settings) {
        String storeUrlOption = settings.storeUrl() == null ? ""
                : " --store-url '" + JdbcUrls.masked(settings.storeUrl()) + "'";
        if (smoke) {
            return "java -jar target/rankkeeper.jar bench --smoke" + (gzip ? " --gzip" : "") + " --hosts " + hosts
                    + storeUrlOption;
        }
        return "java -jar target/rankkeeper.jar bench --targets " + settings.targets()
                + " --latency " + join(settings.latenciesMillis()) + " --concurrency " + join(settings.concurrencies())
                + (settings.gzip() ? " --gzip" : "") + " --hosts " + settings.hosts()
                + " --warmup " + settings.warmupTargets() + " --scenario-warmup " + settings.scenarioWarmupTargets()
                + " --observations " + settings.observations()
                + storeUrlOption;
    }

    private static String join(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
