package io.ainnoface.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ainnoface.cli.OptionChecks;
import io.ainnoface.util.AppPaths;
import io.ainnoface.util.ChildJvm;
import io.ainnoface.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = {"Load test of the HTTP server: N requests at concurrency C with one photo; prints latency",
            "percentiles, throughput, errors and the server's peak memory. Without --url it starts",
            "'ainnoface serve' in its own JVM on a free loopback port and stops it afterwards."})
public final class LoadTestCommand implements Callable<Integer> {
    @Option(names = "--url", description = "Base URL of a running server (default: start one).")
    String url;

    @Option(names = "--image", description = "Photo to send (default: samples/grace_hopper_512x512.jpg).")
    Path image;

    @Option(names = "--requests", defaultValue = "1000", description = "Number of requests (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--concurrency", defaultValue = "8", description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--pool", defaultValue = "2", description = "With a started server: its detector pool (default: ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--queue", defaultValue = "16", description = "With a started server: its queue (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--model", description = "With a started server: model folder (default: the bundled model).")
    Path model;

    @Option(names = "--output", description = "Also write the results as JSON here.")
    Path output;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--requests", requests, 1);
        OptionChecks.atLeast("--concurrency", concurrency, 1);
        OptionChecks.atLeast("--pool", pool, 1);
        OptionChecks.atLeast("--queue", queue, 1);
        Path img = image != null ? image : AppPaths.home().resolve("samples/grace_hopper_512x512.jpg");
        byte[] body = Files.readAllBytes(img);
        Process server = null;
        String base = url;
        try {
            if (base == null) {
                int port;
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                server = startServer(port);
                base = "http://127.0.0.1:" + port;
                waitForHealth(base, server);
            }
            base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            return run(base, body, img);
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor();
            }
        }
    }

    private Process startServer(int port) throws IOException {
        List<String> cmd = ChildJvm.cli("2g", new ArrayList<>(List.of("serve", "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--pool", String.valueOf(pool), "--queue", String.valueOf(queue))));
        if (model != null) {
            cmd.addAll(List.of("--model", model.toAbsolutePath().toString()));
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void waitForHealth(String base, Process server) throws Exception {
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with code " + server.exitValue());
            }
            try {
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not become healthy within 120 s");
    }

    private int run(String base, byte[] body, Path img) throws Exception {
        // HTTP/1.1, as the server speaks (the JDK client's default first asks each connection for an h2c upgrade)
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(concurrency)).build();
        String type = img.toString().toLowerCase(Locale.ROOT).endsWith(".png") ? "image/png" : "image/jpeg";
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/detect"))
                .header("Content-Type", type).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        double[] ms = new double[requests];
        Map<String, Integer> errors = new TreeMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        // the server's resident memory, sampled every second while the load runs
        List<Double> rss = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        HttpRequest healthReq = HttpRequest.newBuilder(URI.create(base + "/healthz")).build();
        sampler.scheduleAtFixedRate(() -> {
            try {
                rss.add(new ObjectMapper().readTree(client.send(healthReq, HttpResponse.BodyHandlers.ofString()).body())
                        .path("rssMb").asDouble(-1));
            } catch (IOException | InterruptedException e) {
                // a missed sample
            }
        }, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        try (Progress bar = new Progress("loadtest", requests)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                fs.add(workers.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < requests; ) {
                        long t = System.nanoTime();
                        String err = null;
                        try {
                            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                err = "HTTP " + r.statusCode();
                            }
                        } catch (IOException | InterruptedException e) {
                            err = e.getClass().getSimpleName();
                        }
                        ms[i] = (System.nanoTime() - t) / 1e6;
                        if (err != null) {
                            synchronized (errors) {
                                errors.merge(err, 1, Integer::sum);
                            }
                        }
                        bar.advance(1, "");
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            workers.shutdown();
            sampler.shutdownNow();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(ms);
        JsonNode health = new ObjectMapper().readTree(client.send(
                HttpRequest.newBuilder(URI.create(base + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).body());
        int errorCount = errors.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("requests", requests);
        res.put("concurrency", concurrency);
        res.put("image", img.getFileName().toString());
        res.put("p50Ms", pct(ms, 0.50));
        res.put("p90Ms", pct(ms, 0.90));
        res.put("p99Ms", pct(ms, 0.99));
        res.put("requestsPerSecond", requests / secs);
        res.put("errors", errorCount);
        res.put("errorsByKind", errors);
        res.put("serverPeakRssMb", health.path("peakRssMb").asDouble(-1));
        res.put("serverHeapUsedMbAfter", health.path("heapUsedMb").asDouble(-1));
        double[] quarters = quarterMeans(rss);
        res.put("serverRssMbByQuarter", quarters);
        res.put("serverRssSamples", rss.size());
        System.out.printf(Locale.ROOT, "%d requests, concurrency %d: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, %.2f req/s, "
                + "%d errors %s, server peak RSS %.0f MB, mean RSS by quarter of the run %s MB%n", requests, concurrency,
                pct(ms, 0.5), pct(ms, 0.9), pct(ms, 0.99), requests / secs, errorCount, errors.isEmpty() ? "" : errors.toString(),
                health.path("peakRssMb").asDouble(-1), Arrays.toString(Arrays.stream(quarters).map(Math::round).toArray()));
        if (output != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(output.toFile(), res);
        }
        return errorCount == 0 ? 0 : 1;
    }

    /** Mean of each quarter of the samples (memory flat under load = four similar values). */
    static double[] quarterMeans(List<Double> samples) {
        double[] q = new double[4];
        int n = samples.size();
        for (int k = 0; k < 4; k++) {
            int from = k * n / 4;
            int to = Math.max(from + 1, (k + 1) * n / 4);
            double sum = 0;
            int c = 0;
            for (int i = from; i < Math.min(to, n); i++) {
                sum += samples.get(i);
                c++;
            }
            q[k] = c == 0 ? -1 : sum / c;
        }
        return q;
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p) - 1)];
    }
}
