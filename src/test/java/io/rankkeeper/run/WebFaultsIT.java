package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.extract.Extraction;
import io.rankkeeper.extract.Extractors;
import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.run.FaultServer.Host;
import io.rankkeeper.run.FaultServer.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults from the web: the daemon, as a JVM of its own with a 128 MB heap and 64 requests in
 * flight, runs three groups every five seconds against {@link FaultServer} hosts that fail in every
 * way the issue lists (Retry-After in seconds and as a date, refused, reset mid-body, silent,
 * dripping, 50 MB, gzip bomb, binary, truncated, wrong and missing charset, redirect loop and
 * redirect to another host, robots.txt 404/403/5xx/429/huge/garbage, Amazon's robot check and
 * its 503 page) beside 240 real product pages. Judged by what it stored and what the servers
 * saw: each fault's outcome, first and later; no request to a host before its Retry-After or
 * block backoff ends; success once a fault clears; good pages read right throughout; the
 * daemon still running, no OutOfMemoryError, exit 0 on SIGTERM.
 */
class WebFaultsIT {

    private static final String HEAP = "-Xmx128m";
    private static final int GOOD_HOSTS = 8;
    private static final int TARGETS_PER_GOOD_HOST = 30;
    private static final int MAX_CONCURRENCY = 64;
    private static final Duration TIMEOUT = Duration.ofSeconds(6);
    private static final long MAX_BODY = 10L * 1024 * 1024;
    private static final long FIFTY_MB = 50L * 1024 * 1024;
    /** Far past the 500 KB a crawler reads, and past what loopback socket buffers absorb. */
    private static final long HUGE_ROBOTS = 20L * 1024 * 1024;
    private static final Duration BLOCK_BACKOFF = Duration.ofMinutes(1);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(100);
    private static final int RUNS_PER_GROUP = 3;
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    @TempDir
    Path dir;

    private FaultServer web;
    private Path database;
    private List<Page> goodPages;

    /** A page served to good targets, with what the extractor reads from it. */
    private record Page(String name, byte[] bytes, CategoryRank main) {
    }

    /**
     * One fault target: the outcome its first attempt must have, the outcomes later attempts may
     * have, and whether the fault clears (then an OK must follow).
     */
    private record Case(String key, String group, URI url, Outcome first, Set<Outcome> later, boolean clears) {
    }

    /** One stored observation, as SQL users see it. */
    private record Row(String key, String group, Instant observedAt, Outcome outcome, Integer status, int attempts,
            long bytes, String finalUrl, String detail, Long mainRank, String mainCategory, String mainNode) {
    }

    @BeforeEach
    void startWeb() throws IOException {
        web = new FaultServer();
        database = dir.resolve("db/rankkeeper");
        goodPages = goodPages();
    }

    @AfterEach
    void stopWebAndKeepLogs(TestInfo test) throws IOException {
        web.close();
        Path logs = Path.of("target", "it-logs", getClass().getSimpleName(), test.getTestMethod().orElseThrow().getName());
        Files.createDirectories(logs);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(path -> path.toString().matches(".*\\.(out|err|yml|log)$")).toList()) {
                Files.copy(file, logs.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void daemonWithSmallHeapRecordsTheRightOutcomeForEveryFaultHonoursRetryAfterAndKeepsGoing() throws Exception {
        Map<String, Case> cases = new LinkedHashMap<>();
        Map<String, AtomicReference<Instant>> notBefore = new LinkedHashMap<>();
        Map<String, Host> hosts = new LinkedHashMap<>();
        List<Host> good = new ArrayList<>();
        for (int index = 0; index < GOOD_HOSTS; index++) {
            good.add(web.host("good-" + index, index % 2 == 0 ? notFound() : allowAll(), this::servePageByQuery));
        }
        Page umlautPage = goodPages.stream().filter(page -> !page.main().category().matches("\\p{ASCII}*")).findFirst()
                .orElse(goodPages.get(0));

        // Page faults, robots.txt not asked (group "pages").
        addRetryAfter(cases, notBefore, hosts, "retry-after-503-seconds", 503, false, Duration.ofSeconds(2),
                Outcome.OK, Set.of(Outcome.OK), false);
        addRetryAfter(cases, notBefore, hosts, "retry-after-429-date", 429, true, Duration.ofSeconds(3),
                Outcome.OK, Set.of(Outcome.OK), false);
        addRetryAfter(cases, notBefore, hosts, "retry-after-503-date-long", 503, true, Duration.ofSeconds(14),
                Outcome.HTTP_ERROR, Set.of(Outcome.BACKED_OFF, Outcome.OK), true);
        // Blocked (429 is anti-bot), so the host backs off for the block's minute, past the Retry-After;
        // a test that runs longer sees it asked again then (the request log checks when).
        addRetryAfter(cases, notBefore, hosts, "retry-after-429-seconds-long", 429, false, Duration.ofSeconds(20),
                Outcome.BLOCKED, Set.of(Outcome.BACKED_OFF, Outcome.OK), false);
        addCase(cases, "refused", "pages", URI.create("http://127.0.0.1:" + FaultServer.refusedPort() + "/dp/REFUSED"),
                Outcome.NETWORK_ERROR, Set.of(Outcome.NETWORK_ERROR, Outcome.BACKED_OFF), false);
        page(cases, hosts, "reset-mid-body", call -> {
            call.head(200, "Content-Type: text/html; charset=UTF-8", "Content-Length: " + goodPages.get(0).bytes().length);
            call.out.write(goodPages.get(0).bytes(), 0, goodPages.get(0).bytes().length / 3);
            call.reset();
        }, Outcome.NETWORK_ERROR, Set.of(Outcome.NETWORK_ERROR, Outcome.BACKED_OFF));
        // The two that take a whole timeout per attempt run in a group of their own, so that the
        // other groups get their runs in meanwhile.
        page(cases, hosts, "slow", "accept-never-answer", "127.0.0.1", FaultServer.Call::hang,
                Outcome.TIMEOUT, Set.of(Outcome.TIMEOUT, Outcome.BACKED_OFF));
        page(cases, hosts, "slow", "drip-one-byte-a-second", "127.0.0.1", call -> {
            call.head(200, "Content-Type: text/html", "Content-Length: 10000");
            for (int i = 0; i < 10_000 && !call.socket.isClosed(); i++) {
                call.out.write('<');
                call.out.flush();
                Thread.sleep(1_000);
            }
        }, Outcome.TIMEOUT, Set.of(Outcome.TIMEOUT, Outcome.BACKED_OFF));
        page(cases, hosts, "fifty-mb-chunked", call -> {
            call.head(200, "Content-Type: text/html", "Transfer-Encoding: chunked");
            byte[] chunk = filler(64 * 1024);
            byte[] frame = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (long sent = 0; sent < FIFTY_MB; sent += chunk.length) {
                call.out.write(frame);
                call.out.write(chunk);
                call.out.write(new byte[] {'\r', '\n'});
            }
            call.out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }, Outcome.TOO_LARGE, Set.of(Outcome.TOO_LARGE));
        page(cases, hosts, "fifty-mb-announced", call -> {
            call.head(200, "Content-Type: text/html", "Content-Length: " + FIFTY_MB);
            byte[] chunk = filler(64 * 1024);
            for (long sent = 0; sent < FIFTY_MB; sent += chunk.length) {
                call.out.write(chunk);
            }
        }, Outcome.TOO_LARGE, Set.of(Outcome.TOO_LARGE));
        byte[] bomb = gzipOfZeros(200L * 1024 * 1024);
        page(cases, hosts, "gzip-bomb", call -> call.respond(200, "text/html", bomb, "Content-Encoding: gzip"),
                Outcome.TOO_LARGE, Set.of(Outcome.TOO_LARGE));
        byte[] binary = new byte[256 * 1024];
        new Random(7).nextBytes(binary);
        page(cases, hosts, "binary-body", call -> call.respond(200, "application/octet-stream", binary),
                Outcome.LAYOUT_CHANGED, Set.of(Outcome.LAYOUT_CHANGED));
        byte[] truncated = truncatedBeforeRanks(goodPages.get(0).bytes());
        page(cases, hosts, "truncated-html", call -> call.respond(200, "text/html; charset=UTF-8", truncated),
                Outcome.LAYOUT_CHANGED, Set.of(Outcome.LAYOUT_CHANGED));
        // Hosts of their own name: their categories are stored under a marketplace of their own.
        page(cases, hosts, "pages", "wrong-charset", "127.0.0.2",
                call -> call.respond(200, "text/html; charset=ISO-8859-1", umlautPage.bytes()),
                Outcome.OK, Set.of(Outcome.OK));
        byte[] latin1 = withoutCharset(umlautPage.bytes(), Charset.forName("windows-1252"));
        page(cases, hosts, "pages", "missing-charset", "127.0.0.3", call -> call.respond(200, "text/html", latin1),
                Outcome.OK, Set.of(Outcome.OK));
        page(cases, hosts, "redirect-loop", call -> call.respond(302, "text/plain", "",
                "Location: " + (call.path.startsWith("/dp/") ? "/loop-b" : "/dp/redirect-loop")),
                Outcome.NETWORK_ERROR, Set.of(Outcome.NETWORK_ERROR));
        URI elsewhere = good.get(0).url("/dp/ELSEWHERE?page=1");
        page(cases, hosts, "redirect-other-host", call -> call.respond(301, "text/plain", "", "Location: " + elsewhere),
                Outcome.OK, Set.of(Outcome.OK));
        page(cases, hosts, "http-404", call -> call.respond(404, "text/html", "<html>no such book</html>"),
                Outcome.HTTP_ERROR, Set.of(Outcome.HTTP_ERROR));
        page(cases, hosts, "http-500", call -> call.respond(500, "text/html", "<html>oops</html>"),
                Outcome.HTTP_ERROR, Set.of(Outcome.HTTP_ERROR, Outcome.BACKED_OFF));
        byte[] robotCheck = resource("/fixtures/amazon/robot_check_com.html");
        page(cases, hosts, "robot-check-200", call -> call.respond(200, "text/html; charset=UTF-8", robotCheck),
                Outcome.BLOCKED, Set.of(Outcome.BACKED_OFF, Outcome.BLOCKED));
        byte[] dogs = resource("/fixtures/amazon/dogs_503.html");
        page(cases, hosts, "dogs-503", call -> call.respond(503, "text/html; charset=UTF-8", dogs),
                Outcome.BLOCKED, Set.of(Outcome.BACKED_OFF, Outcome.BLOCKED));

        // robots.txt faults (group "robots"): the page itself is good.
        robots(cases, hosts, "robots-404", notFound(), Outcome.OK, Set.of(Outcome.OK), false);
        robots(cases, hosts, "robots-403", call -> call.respond(403, "text/html", "<html>forbidden</html>"),
                Outcome.OK, Set.of(Outcome.OK), false);
        robots(cases, hosts, "robots-503", call -> call.respond(503, "text/html", "<html>down</html>"),
                Outcome.BACKED_OFF, Set.of(Outcome.BACKED_OFF), false);
        AtomicReference<Instant> robotsRetryAt = new AtomicReference<>();
        notBefore.put("robots-429", robotsRetryAt);
        robots(cases, hosts, "robots-429", call -> {
            if (call.number == 1) {
                robotsRetryAt.set(Instant.now().plusSeconds(6));
                call.respond(429, "text/plain", "slow down", "Retry-After: 6");
            } else {
                call.respond(404, "text/plain", "none");
            }
        }, Outcome.BACKED_OFF, Set.of(Outcome.BACKED_OFF, Outcome.OK), true);
        byte[] hugeRobots = hugeRobots();
        robots(cases, hosts, "robots-huge", call -> call.respond(200, "text/plain", hugeRobots),
                Outcome.OK, Set.of(Outcome.OK), false);
        byte[] garbage = new byte[64 * 1024];
        new Random(11).nextBytes(garbage);
        robots(cases, hosts, "robots-garbage", call -> call.respond(200, "text/plain", garbage),
                Outcome.OK, Set.of(Outcome.OK), false);
        robots(cases, hosts, "robots-disallow", call -> call.respond(200, "text/plain", "User-agent: *\nDisallow: /dp/\n"),
                Outcome.ROBOTS_DENIED, Set.of(Outcome.ROBOTS_DENIED), false);
        // A redirect is a new URL: the robots.txt of the host it leads to has a say too.
        URI disallowed = hosts.get("robots-disallow").url("/dp/redirected-here");
        Host redirecting = web.host("redirect-into-disallowed", notFound(),
                call -> call.respond(302, "text/plain", "", "Location: " + disallowed));
        hosts.put("redirect-into-disallowed", redirecting);
        addCase(cases, "redirect-into-disallowed", "robots", redirecting.url("/dp/redirect-into-disallowed"),
                Outcome.ROBOTS_DENIED, Set.of(Outcome.ROBOTS_DENIED), false);
        addCase(cases, "robots-refused", "robots", URI.create("http://127.0.0.1:" + FaultServer.refusedPort() + "/dp/R"),
                Outcome.BACKED_OFF, Set.of(Outcome.BACKED_OFF), false);

        Map<String, Page> goodTargets = new LinkedHashMap<>();
        Map<String, StringBuilder> groups = new LinkedHashMap<>();
        for (String group : List.of("pages", "slow", "robots")) {
            groups.put(group, new StringBuilder());
        }
        for (Case fault : cases.values()) {
            groups.get(fault.group()).append(target(fault.key(), fault.url()));
        }
        // Hosts taken in turn, so that a run keeps every good host busy at once.
        for (int index = 0; index < TARGETS_PER_GOOD_HOST; index++) {
            for (int hostIndex = 0; hostIndex < GOOD_HOSTS; hostIndex++) {
                int pageIndex = hostIndex * TARGETS_PER_GOOD_HOST + index;
                String key = "good/" + hostIndex + "-" + index;
                goodTargets.put(key, goodPages.get(pageIndex % goodPages.size()));
                URI url = good.get(hostIndex).url("/dp/G" + pageIndex + "?page=" + (pageIndex % goodPages.size()));
                groups.get(hostIndex % 2 == 0 ? "pages" : "robots").append(target(key, url));
            }
        }
        Path config = dir.resolve("rankkeeper.yml");
        Files.writeString(config, config(groups));

        long started = System.nanoTime();
        // G1 named, as Java picks it on a machine of 2 cores or more: with a 128 MB heap its regions are 1 MB
        List<String> jvm = List.of(HEAP, "-XX:+UseG1GC", "-Xlog:gc:file=" + dir.resolve("gc.log"));
        long peakRssKb;
        try (CliProcess daemon = CliProcess.start(dir, "daemon", jvm, "daemon", "--config", config.toString())) {
            daemon.awaitOutput("rankkeeper daemon running", START_TIMEOUT);
            awaitSettled(cases);
            assertThat(daemon.isAlive()).as("daemon alive after the faults").isTrue();
            peakRssKb = peakRssKb(daemon.pid());
            daemon.stop();
            int exit = daemon.awaitExit(GRACE.plusSeconds(30));
            assertThat(exit).as(daemon.stderr()).isZero();
            assertThat(daemon.stdout()).contains("rankkeeper daemon stopped");
            // 64 pages of up to 1 MB do not fit in 128 MB: all 64 requests go out, but the engine
            // reads only as many bodies at once as the heap holds, and says so.
            assertThat(daemon.stderr()).containsPattern("INFO .*heap \\(\\d+ MB usable\\) holds 2\\d page bodies at once");
            // and that G1 with regions this small costs CPU per page, with what to run instead
            assertThat(daemon.stderr()).containsPattern("INFO .*G1 collector with 1 MB regions .*-XX:\\+UseSerialGC");
            assertThat(daemon.stderr()).doesNotContain("OutOfMemoryError").doesNotContain(" ERROR ");
            // What a site sends never reaches the log raw: no control characters (escape sequences, NULs).
            assertThat(daemon.stderr()).doesNotContainPattern("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]");
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        List<Row> rows = observations();
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        rows.forEach(row -> byKey.computeIfAbsent(row.key(), key -> new ArrayList<>()).add(row));
        List<String> wrong = new ArrayList<>();
        Map<Outcome, Integer> faultOutcomes = new EnumMap<>(Outcome.class);
        int faultAttempts = 0;
        for (Case fault : cases.values()) {
            List<Row> history = byKey.getOrDefault(fault.key(), List.of());
            history.forEach(row -> faultOutcomes.merge(row.outcome(), 1, Integer::sum));
            faultAttempts += history.size();
            String problem = judge(fault, history);
            if (problem != null) {
                wrong.add(fault.key() + ": " + problem + " in " + outcomes(history));
            }
        }
        int goodObservations = 0;
        for (Map.Entry<String, Page> target : goodTargets.entrySet()) {
            for (Row row : byKey.getOrDefault(target.getKey(), List.of())) {
                goodObservations++;
                CategoryRank main = target.getValue().main();
                // By node id: pages of several marketplaces share one loopback marketplace, whose
                // category row keeps the name first seen.
                if (row.outcome() != Outcome.OK || row.mainRank() == null || row.mainRank() != main.rank()
                        || !java.util.Objects.equals(main.nodeId(), row.mainNode())) {
                    wrong.add(target.getKey() + ": expected OK " + main.category() + " #" + main.rank() + ", got " + row);
                }
            }
        }
        wrong.addAll(requestLogProblems(cases, notBefore, hosts, byKey));
        wrong.addAll(detailProblems(byKey, umlautPage, elsewhere));
        HeapFigures heap = HeapFigures.of(dir.resolve("gc.log"));
        System.out.printf(Locale.ROOT, "Faults from the web: %d faults tried (%d attempts: %s); %d of %d right; %d of %d"
                        + " good page reads right; daemon %s with http.maxConcurrency %d (%d requests answered at once at"
                        + " most): heap at most %d MB before a"
                        + " collection, live at most %d MB after a full one (%d full collections), peak RSS %d MB; %.0f s%n",
                cases.size(), faultAttempts, faultOutcomes, cases.size() - countFaultsWrong(wrong, cases), cases.size(),
                goodObservations - countGoodWrong(wrong), goodObservations, HEAP, MAX_CONCURRENCY,
                web.mostAnsweredAtOnce(), heap.beforeMb(),
                heap.afterMb(), heap.fullCollections(), peakRssKb / 1024, seconds);
        printServerFigures(hosts);
        assertThat(wrong).as("faults whose outcome or request log is wrong").isEmpty();
        assertThat(goodObservations).isGreaterThanOrEqualTo(RUNS_PER_GROUP * GOOD_HOSTS * TARGETS_PER_GOOD_HOST / 2);
    }

    // ---- the faults ----

    private void addCase(Map<String, Case> cases, String key, String group, URI url, Outcome first, Set<Outcome> later,
            boolean clears) {
        cases.put("fault/" + key, new Case("fault/" + key, group, url, first, later, clears));
    }

    private void page(Map<String, Case> cases, Map<String, Host> hosts, String name, FaultServer.Behaviour pages,
            Outcome first, Set<Outcome> later) throws IOException {
        page(cases, hosts, "pages", name, "127.0.0.1", pages, first, later);
    }

    private void page(Map<String, Case> cases, Map<String, Host> hosts, String group, String name, String address,
            FaultServer.Behaviour pages, Outcome first, Set<Outcome> later) throws IOException {
        Host host = web.host(name, address, notFound(), pages);
        hosts.put(name, host);
        addCase(cases, name, group, host.url("/dp/" + name), first, later, false);
    }

    private void robots(Map<String, Case> cases, Map<String, Host> hosts, String name, FaultServer.Behaviour robots,
            Outcome first, Set<Outcome> later, boolean clears) throws IOException {
        Host host = web.host(name, robots, call -> servePage(call, goodPages.get(1)));
        hosts.put(name, host);
        addCase(cases, name, "robots", host.url("/dp/" + name), first, later, clears);
    }

    /** A host whose first page answer is {@code status} with a Retry-After of {@code wait}; then good pages. */
    private void addRetryAfter(Map<String, Case> cases, Map<String, AtomicReference<Instant>> notBefore,
            Map<String, Host> hosts, String name, int status, boolean asDate, Duration wait, Outcome first,
            Set<Outcome> later, boolean clears) throws IOException {
        AtomicReference<Instant> until = new AtomicReference<>();
        notBefore.put(name, until);
        Host host = web.host(name, notFound(), call -> {
            if (call.number > 1) {
                servePage(call, goodPages.get(2));
                return;
            }
            Instant now = Instant.now();
            String header;
            if (asDate) {
                // An HTTP date has whole seconds: the next whole second after now + wait.
                Instant at = now.plus(wait).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
                until.set(at);
                header = "Retry-After: " + HTTP_DATE.format(at.atOffset(ZoneOffset.UTC));
            } else {
                until.set(now.plus(wait));
                header = "Retry-After: " + wait.toSeconds();
            }
            call.respond(status, "text/html", "<html><body>Please come back later.</body></html>", header);
        });
        hosts.put(name, host);
        addCase(cases, name, "pages", host.url("/dp/" + name), first, later, clears);
    }

    private void servePageByQuery(FaultServer.Call call) throws IOException {
        int query = call.path.indexOf("?page=");
        int index = query < 0 ? 0 : Integer.parseInt(call.path.substring(query + 6));
        servePage(call, goodPages.get(index % goodPages.size()));
    }

    private static void servePage(FaultServer.Call call, Page page) throws IOException {
        call.respond(200, "text/html; charset=UTF-8", page.bytes());
    }

    private static FaultServer.Behaviour notFound() {
        return call -> call.respond(404, "text/plain", "no robots.txt here");
    }

    private static FaultServer.Behaviour allowAll() {
        return call -> call.respond(200, "text/plain", "User-agent: *\nAllow: /\n");
    }

    // ---- judging ----

    /** What is wrong with a fault target's history, or null. */
    private static String judge(Case fault, List<Row> history) {
        if (history.size() < 2) {
            return "fewer than two attempts";
        }
        if (history.get(0).outcome() != fault.first()) {
            return "first outcome " + history.get(0).outcome() + ", expected " + fault.first();
        }
        for (Row row : history.subList(1, history.size())) {
            if (!fault.later().contains(row.outcome())) {
                return "later outcome " + row.outcome() + ", expected one of " + fault.later();
            }
        }
        if (fault.clears() && history.stream().noneMatch(row -> row.outcome() == Outcome.OK)) {
            return "never OK after the fault cleared";
        }
        return null;
    }

    /** The servers' side: nothing asked before the time a Retry-After or a block said, nothing read in full. */
    private static List<String> requestLogProblems(Map<String, Case> cases, Map<String, AtomicReference<Instant>> notBefore,
            Map<String, Host> hosts, Map<String, List<Row>> byKey) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, AtomicReference<Instant>> entry : notBefore.entrySet()) {
            Host host = hosts.get(entry.getKey());
            Instant until = entry.getValue().get();
            boolean robots = entry.getKey().startsWith("robots-");
            List<Request> asked = robots ? host.requests() : host.pageRequests();
            Case fault = cases.get("fault/" + entry.getKey());
            boolean askedAgain = fault.clears() || fault.first() == Outcome.OK; // else blocked for longer than the test
            if (until == null || (askedAgain && asked.size() < 2)) {
                problems.add(entry.getKey() + ": the fault never fired or was never asked again: " + asked);
                continue;
            }
            for (Request request : asked.subList(1, asked.size())) {
                if (request.at().isBefore(until)) {
                    // with every request's time and every stored attempt, so that a failure tells its story
                    List<Row> stored = byKey.getOrDefault("fault/" + entry.getKey(), List.of());
                    problems.add(entry.getKey() + ": " + request.path() + " asked at " + request.at()
                            + ", before the Retry-After time " + until + "; requests at "
                            + asked.stream().map(Request::at).toList() + "; stored " + stored.stream()
                                    .map(row -> row.observedAt() + " " + row.attempts() + " attempts").toList()
                            + " " + outcomes(stored));
                }
            }
        }
        // A block backs the host off for a minute: no page request follows the blocked one that soon.
        for (String name : List.of("robot-check-200", "dogs-503", "retry-after-429-seconds-long")) {
            List<Request> asked = hosts.get(name).pageRequests();
            Instant blockedAt = byKey.get("fault/" + name).get(0).observedAt();
            for (Request request : asked) {
                if (request.at().isAfter(blockedAt) && request.at().isBefore(blockedAt.plus(BLOCK_BACKOFF))) {
                    problems.add(name + ": " + request.path() + " asked at " + request.at() + ", within a minute of"
                            + " the block at " + blockedAt);
                }
            }
        }
        for (String name : List.of("robots-503", "robots-disallow")) {
            if (!hosts.get(name).pageRequests().isEmpty()) {
                problems.add(name + ": pages requested although robots.txt deferred or denied them: "
                        + hosts.get(name).pageRequests());
            }
        }
        if (hosts.get("robots-503").robotsRequests().size() < 2) {
            problems.add("robots-503: robots.txt was not asked again after the deferral");
        }
        for (String name : List.of("fifty-mb-chunked", "fifty-mb-announced")) {
            for (Request request : hosts.get(name).pageRequests()) {
                if (request.bytesWritten().get() > FIFTY_MB / 2) {
                    problems.add(name + ": the server wrote " + request.bytesWritten().get() + " bytes: read far past the cap");
                }
            }
        }
        for (Request request : hosts.get("robots-huge").robotsRequests()) {
            if (request.bytesWritten().get() > HUGE_ROBOTS / 2) {
                problems.add("robots-huge: robots.txt read to its end (" + request.bytesWritten().get() + " bytes)");
            }
        }
        return problems;
    }

    /** Details a user reads: the outcome says why, the final URL where. */
    private static List<String> detailProblems(Map<String, List<Row>> byKey, Page umlautPage, URI elsewhere) {
        List<String> problems = new ArrayList<>();
        expectDetail(problems, byKey, "fault/refused", "connection refused");
        expectDetail(problems, byKey, "fault/redirect-loop", "redirect loop");
        expectDetail(problems, byKey, "fault/robots-503", "robots.txt answered HTTP 503");
        expectDetail(problems, byKey, "fault/robots-429", "robots.txt answered HTTP 429");
        expectDetail(problems, byKey, "fault/robots-refused", "robots.txt unreachable");
        expectDetail(problems, byKey, "fault/retry-after-503-date-long", "backoff");
        for (String name : List.of("fault/wrong-charset", "fault/missing-charset")) {
            Row first = byKey.get(name).get(0);
            if (first.mainRank() == null || first.mainRank() != umlautPage.main().rank()) {
                problems.add(name + ": main rank " + first.mainRank() + ", expected " + umlautPage.main().rank());
            }
        }
        Row missing = byKey.get("fault/missing-charset").get(0);
        if (!umlautPage.main().category().equals(missing.mainCategory())) {
            problems.add("fault/missing-charset: category " + missing.mainCategory() + ", expected "
                    + umlautPage.main().category());
        }
        Row redirected = byKey.get("fault/redirect-other-host").get(0);
        if (!elsewhere.toString().equals(redirected.finalUrl())) {
            problems.add("fault/redirect-other-host: final URL " + redirected.finalUrl() + ", expected " + elsewhere);
        }
        Row inPlace = byKey.get("fault/retry-after-503-seconds").get(0);
        if (inPlace.attempts() != 2) {
            problems.add("fault/retry-after-503-seconds: " + inPlace.attempts() + " attempts, expected 2");
        }
        return problems;
    }

    private static void expectDetail(List<String> problems, Map<String, List<Row>> byKey, String key, String words) {
        Row first = byKey.get(key).get(0);
        if (first.detail() == null || !first.detail().contains(words)) {
            problems.add(key + ": detail '" + first.detail() + "' does not say '" + words + "'");
        }
    }

    private static long countFaultsWrong(List<String> wrong, Map<String, Case> cases) {
        return cases.keySet().stream()
                .filter(key -> wrong.stream().anyMatch(line -> line.startsWith(key + ":")
                        || line.startsWith(key.substring("fault/".length()) + ":")))
                .count();
    }

    private static long countGoodWrong(List<String> wrong) {
        return wrong.stream().filter(line -> line.startsWith("good/")).count();
    }

    private static String outcomes(List<Row> history) {
        return history.stream().map(row -> row.outcome() + (row.detail() == null ? "" : " (" + row.detail() + ")"))
                .toList().toString();
    }

    private static void printServerFigures(Map<String, Host> hosts) {
        for (String name : List.of("fifty-mb-chunked", "fifty-mb-announced", "gzip-bomb")) {
            System.out.printf(Locale.ROOT, "  %s: KB written per request %s%n", name, kilobytes(hosts.get(name).pageRequests()));
        }
        System.out.printf(Locale.ROOT, "  robots-huge: KB of robots.txt written per request %s%n",
                kilobytes(hosts.get("robots-huge").robotsRequests()));
    }

    private static List<Long> kilobytes(List<Request> requests) {
        return requests.stream().map(request -> request.bytesWritten().get() / 1024).toList();
    }

    // ---- waiting and reading ----

    /** Until every group has had enough runs and every fault that clears has cleared. */
    private void awaitSettled(Map<String, Case> cases) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        String missing = "nothing stored yet";
        while (System.nanoTime() < deadline) {
            try {
                List<Row> rows = observations();
                missing = unsettled(cases, rows);
                if (missing == null) {
                    return;
                }
            } catch (SQLException notYet) {
                missing = "database not readable yet: " + notYet.getMessage();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not settled within " + SETTLE_TIMEOUT + ": " + missing);
    }

    private static String unsettled(Map<String, Case> cases, List<Row> rows) {
        Map<String, Integer> attempts = new LinkedHashMap<>();
        Set<String> ok = new java.util.HashSet<>();
        for (Row row : rows) {
            attempts.merge(row.key(), 1, Integer::sum);
            if (row.outcome() == Outcome.OK) {
                ok.add(row.key());
            }
        }
        for (Case fault : cases.values()) {
            if (attempts.getOrDefault(fault.key(), 0) < RUNS_PER_GROUP) {
                return fault.key() + " attempted " + attempts.getOrDefault(fault.key(), 0) + " times";
            }
            if (fault.clears() && !ok.contains(fault.key())) {
                return fault.key() + " not OK yet";
            }
        }
        return null;
    }

    private List<Row> observations() throws SQLException {
        List<Row> rows = new ArrayList<>();
        // As run.HistoryDatabase connects: beside the daemon through H2's automatic server.
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + database + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE");
                PreparedStatement query = db.prepareStatement("""
                        select t.target_key, t.group_name, o.observed_at, o.outcome, o.http_status, o.attempts, o.bytes,
                               o.final_url, o.detail, r.rank, c.name, c.node_id
                        from observation o join target t on t.id = o.target_id
                        left join rank r on r.observation_id = o.id and r.is_main
                        left join category c on c.id = r.category_id
                        order by t.target_key, o.scheduled_at""");
                ResultSet result = query.executeQuery()) {
            while (result.next()) {
                int status = result.getInt(5);
                Integer httpStatus = result.wasNull() ? null : status;
                long rank = result.getLong(10);
                Long mainRank = result.wasNull() ? null : rank;
                rows.add(new Row(result.getString(1), result.getString(2),
                        result.getObject(3, OffsetDateTime.class).toInstant(), Outcome.valueOf(result.getString(4)),
                        httpStatus, result.getInt(6), result.getLong(7), result.getString(8), result.getString(9),
                        mainRank, result.getString(11), result.getString(12)));
            }
        }
        return rows;
    }

    // ---- pages and bodies ----

    /** Real pages (the shared folder) when present, else the project's fixtures; only pages with a rank. */
    private static List<Page> goodPages() throws IOException {
        List<Page> pages = new ArrayList<>();
        Path shared = Path.of("/work/shared/fixtures/amazon");
        Path beside = Path.of("").toAbsolutePath().getParent().resolve("shared/fixtures/amazon");
        Path folder = Files.isDirectory(beside) ? beside : Files.isDirectory(shared) ? shared : null;
        if (folder != null) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".html")).sorted().toList()) {
                    addIfRanked(pages, file.getFileName().toString(), Files.readAllBytes(file));
                }
            }
        }
        if (pages.size() < 3) {
            for (String name : List.of("com_detail_bullets", "de_detail_bullets", "couk_detail_bullets",
                    "com_details_table", "fr_detail_bullets", "com_legacy_salesrank")) {
                // Padded with a comment to the size of a real page.
                String html = new String(resource("/fixtures/amazon/" + name + ".html"), StandardCharsets.UTF_8)
                        .replace("</body>", "<!-- " + "padding ".repeat(60_000) + "--></body>");
                addIfRanked(pages, name, html.getBytes(StandardCharsets.UTF_8));
            }
        }
        return pages;
    }

    private static void addIfRanked(List<Page> pages, String name, byte[] bytes) {
        Extraction extraction = Extractors.create(ExtractorSpec.of(ExtractorKind.AMAZON))
                .extract(new String(bytes, StandardCharsets.UTF_8), URI.create("https://www.amazon.com/dp/X"), null);
        if (extraction.outcome() == Outcome.OK && extraction.ranks().get(0).main()) {
            pages.add(new Page(name, bytes, extraction.ranks().get(0)));
        }
    }

    /** The page cut well before its rank block: HTTP-complete, HTML-incomplete. */
    private static byte[] truncatedBeforeRanks(byte[] page) {
        String html = new String(page, StandardCharsets.UTF_8);
        int ranks = Integer.MAX_VALUE;
        for (String marker : List.of("Best Sellers Rank", "Bestseller-Rang", "SalesRank", "zg_hrsr")) {
            int at = html.indexOf(marker);
            if (at >= 0) {
                ranks = Math.min(ranks, at);
            }
        }
        int cut = ranks == Integer.MAX_VALUE ? html.length() / 3 : Math.max(1, ranks - 2_000);
        return html.substring(0, cut).getBytes(StandardCharsets.UTF_8);
    }

    /** The page in another encoding with every charset declaration gone. */
    private static byte[] withoutCharset(byte[] utf8, Charset charset) {
        String html = new String(utf8, StandardCharsets.UTF_8)
                .replaceAll("(?i)<meta[^>]*charset[^>]*>", "");
        return html.getBytes(charset);
    }

    private static byte[] hugeRobots() {
        StringBuilder robots = new StringBuilder("User-agent: *\nDisallow: /private/\n");
        while (robots.length() < HUGE_ROBOTS) {
            robots.append("# nothing to see here, just a very long robots.txt file that goes on and on\n");
        }
        robots.append("User-agent: *\nDisallow: /\n"); // past the 500 KB a crawler reads: ignored
        return robots.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] gzipOfZeros(long size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            byte[] zeros = new byte[1024 * 1024];
            for (long written = 0; written < size; written += zeros.length) {
                gzip.write(zeros);
            }
        }
        return out.toByteArray();
    }

    private static byte[] filler(int size) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WebFaultsIT.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return in.readAllBytes();
        }
    }

    // ---- the daemon's side ----

    private String config(Map<String, StringBuilder> groups) {
        StringBuilder yaml = new StringBuilder("""
                database:
                  url: jdbc:h2:file:%s
                http:
                  timeout: %ds
                  connectTimeout: 2s
                  maxConcurrency: %d
                  perHostConcurrency: 8
                  perHostDelay: 0ms
                  retries: 1
                  maxBodySize: %dMB
                daemon:
                  shutdownGrace: %ds
                cluster:
                  nodeId: faults-node
                groups:
                """.formatted(database, TIMEOUT.toSeconds(), MAX_CONCURRENCY, MAX_BODY / (1024 * 1024),
                GRACE.toSeconds()));
        groups.forEach((name, targets) -> yaml.append("""
                  - name: %s
                    schedule: "*/5 * * * * ?"
                    extractor: amazon
                    catchUp: once
                    robotsTxt: %s
                    targets:
                """.formatted(name, name.equals("robots"))).append(targets));
        return yaml.toString();
    }

    private static String target(String key, URI url) {
        return "      - key: " + key + "\n        url: \"" + url + "\"\n";
    }

    /** The most resident memory the process has had, from /proc (Linux); 0 elsewhere. */
    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException notLinux) {
            // no figure
        }
        return 0;
    }

    /**
     * What the collector saw, from the GC log ("Pause Young ... 45M->12M(128M)"): the fullest the
     * heap got before a collection, the most still live after a full collection (a young one
     * leaves the old generation alone, so its "after" says little), and how many full ones.
     */
    private record HeapFigures(long beforeMb, long afterMb, int fullCollections) {

        static HeapFigures of(Path gcLog) throws IOException {
            if (!Files.exists(gcLog)) {
                return new HeapFigures(0, 0, 0);
            }
            Pattern usage = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
            long before = 0;
            long after = 0;
            int full = 0;
            for (String line : Files.readAllLines(gcLog)) {
                Matcher matcher = usage.matcher(line);
                if (matcher.find()) {
                    before = Math.max(before, Long.parseLong(matcher.group(1)));
                    if (line.contains("Pause Full")) {
                        after = Math.max(after, Long.parseLong(matcher.group(2)));
                        full++;
                    }
                }
            }
            return new HeapFigures(before, after, full);
        }
    }
}
