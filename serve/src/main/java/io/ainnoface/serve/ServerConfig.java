package io.ainnoface.serve;

import java.nio.file.Path;
import java.util.Map;

/** Settings of {@link FaceServer}; every one is a flag of {@code ainnoface serve}. */
final class ServerConfig {
    Path model;
    String host = "0.0.0.0";
    /** 0 = any free port. */
    int port = 8080;
    int poolSize = 2;
    /** Compute threads per detector; 0 = cores / pool, at least 1. */
    int threads = 0;
    int queueCapacity = 16;
    long timeoutMs = 30_000;
    long maxBytes = 20L * 1024 * 1024;
    long maxPixels = 40_000_000L;
    double defaultThreshold = 0.5;
    /** Fields of the model's inference section set for this server ({@code --set}), field to YAML value. */
    Map<String, String> inference = Map.of();
    /** The {@code --set} fields alone: applied after a test-time preset a request names ({@code preset=NAME}). */
    Map<String, String> sets = Map.of();
}
