package io.ainnoface.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.infer.Face;
import io.ainnoface.infer.FaceJson;
import io.ainnoface.infer.FaceRegions;
import io.ainnoface.util.ProcessMemory;
import io.ainnoface.infer.ImageLoadException;
import io.ainnoface.infer.ImageLoader;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.http.staticfiles.Location;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;

/**
 * The HTTP face-detection service: {@code POST /v1/detect}, {@code POST /v1/anonymize}, {@code GET /v1/model},
 * {@code GET /healthz} and a web page at {@code /}. Decoding and detection run on the
 * {@link DetectorPool}'s threads, so CPU work is bounded by the pool and memory by its queue.
 */
public final class FaceServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Room over {@code maxBytes} for multipart framing; bodies within it are read before a 413. */
    static final long SLACK_BYTES = 64 * 1024;
    private final ServerConfig cfg;
    private final DetectorPool pool;
    private final Javalin app;
    private final ImageLoader loader;

    FaceServer(ServerConfig cfg) throws IOException {
        this.cfg = cfg;
        this.pool = new DetectorPool(cfg.model, cfg.poolSize, cfg.threads, cfg.queueCapacity, cfg.inference,
                cfg.sets);
        this.loader = new ImageLoader(cfg.maxPixels, pool.any().config().inference.minSide);
        this.app = Javalin.create(c -> {
            c.jetty.host = cfg.host;
            c.jetty.port = cfg.port;
            // bodies over the limit are refused by us with a JSON 413, read first only when a little over
            c.http.maxRequestSize = cfg.maxBytes + SLACK_BYTES;
            c.jetty.multipartConfig.maxFileSize(cfg.maxBytes, SizeUnit.BYTES);
            c.jetty.multipartConfig.maxTotalRequestSize(cfg.maxBytes + SLACK_BYTES, SizeUnit.BYTES);
            c.staticFiles.add("/public", Location.CLASSPATH);
            c.routes.post("/v1/detect", this::detect);
            c.routes.post("/v1/anonymize", this::anonymize);
            c.routes.get("/v1/model", this::model);
            c.routes.get("/healthz", this::health);
            c.routes.exception(HttpError.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
            c.routes.exception(Exception.class, (e, ctx) -> error(ctx, 500, "internal error: " + e));
            c.routes.error(404, ctx -> {
                if (!ctx.res().isCommitted() && ctx.result() == null) {
                    error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
                }
            });
        });
    }

    public FaceServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    /** An error that becomes a JSON answer with its status. */
    static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private void error(Context ctx, int status, String message) {
        drainBody(ctx);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("error", message);
        if (status == 503) {
            ctx.header("Retry-After", "1");
        }
        if (status == 413 || status == 415) {
            // a refused body may be partly unread, and the server may then drop the connection: say so, or a
            // client that reuses it for its next request gets no answer at all (FaceServerTest, once in CI)
            ctx.header("Connection", "close");
        }
        ctx.status(status).contentType("application/json").result(write(m));
    }

    /**
     * Reads what is left of a request body within the size limit before an error is answered. A refusal answered while
     * the client is still sending, after which the server drops the connection, reaches the client as "header parser
     * received no bytes" instead of the answer: FaceServerTest failed so in 3 of 15 runs (a 400 for a query parameter,
     * checked before the body was read) until every error waited for the body.
     */
    private void drainBody(Context ctx) {
        long declared = ctx.contentLength();
        if (declared <= 0 || declared > cfg.maxBytes + SLACK_BYTES) {
            return;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | IllegalStateException e) {
            // read already, or the client has gone: nothing left to wait for
        }
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request's image: bytes and a name for messages. */
    private record Upload(byte[] bytes, Path label) {}

    /** An encoded image and how many faces were hidden in it. */
    private record Anonymized(byte[] image, int faces) {}

    /** What a request makes of the decoded image and the faces found in it. */
    @FunctionalInterface
    private interface Answer<T> {
        T of(BufferedImage image, List<Face> faces) throws Exception;
    }

    private void detect(Context ctx) throws Exception {
        Map<String, Object> rec = detectUpload(ctx, (img, faces) -> FaceJson.record(new LinkedHashMap<>(), img, faces));
        ctx.contentType("application/json").result(write(rec));
    }

    /** The image with its faces pixelated ({@link FaceRegions#pixelate}), as JPEG or, with {@code format=png}, PNG. */
    private void anonymize(Context ctx) throws Exception {
        String format = ctx.queryParam("format") == null ? "jpeg" : ctx.queryParam("format").toLowerCase(Locale.ROOT);
        if (!format.equals("jpeg") && !format.equals("png")) {
            throw new HttpError(400, "query parameter 'format' must be jpeg or png, got '" + ctx.queryParam("format") + "'");
        }
        Anonymized answer = detectUpload(ctx, (img, faces) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(FaceRegions.pixelate(img, faces, FaceRegions.PIXELATE_MARGIN, FaceRegions.PIXELATE_BLOCKS),
                    format, out);
            return new Anonymized(out.toByteArray(), faces.size());
        });
        ctx.header("X-Faces", String.valueOf(answer.faces()));
        ctx.contentType("image/" + format).result(answer.image());
    }

    /**
     * Reads the request's {@code threshold}, {@code tta}, {@code preset} and image, then decodes and detects on a pooled
     * detector and returns {@code answer} of the image and its faces (also computed on the pool: it may encode an image).
     */
    private <T> T detectUpload(Context ctx, Answer<T> answer) throws Exception {
        double threshold = threshold(ctx);
        String preset = preset(ctx);
        boolean tta = preset != null || tta(ctx);
        Upload up = upload(ctx);
        return run(preset, det -> {
            BufferedImage img = loader.decode(up.label(), up.bytes());
            return answer.of(img, det.detect(List.of(img), threshold, tta).get(0));
        });
    }

    /**
     * {@code preset}: one of the model folder's test-time presets (absent: none). It implies test-time augmentation, so
     * {@code tta=false} beside it is refused as a contradiction rather than one of them ignored.
     */
    private String preset(Context ctx) {
        String name = ctx.queryParam("preset");
        if (name == null) {
            return null;
        }
        if (!pool.presets().contains(name)) {
            throw new HttpError(400, "query parameter 'preset': the model has no test-time preset '" + name + "' ("
                    + ConfigLoader.presetsItHas(pool.presets()) + ")");
        }
        if (ctx.queryParam("tta") != null && !tta(ctx)) {
            throw new HttpError(400, "query parameter 'preset' is a test-time augmentation setting: it cannot go with "
                    + "tta=" + ctx.queryParam("tta"));
        }
        return name;
    }

    private double threshold(Context ctx) {
        return ctx.queryParam("threshold") == null ? cfg.defaultThreshold : parseThreshold(ctx.queryParam("threshold"));
    }

    /** {@code tta}: true / 1 or false / 0 (absent: false); anything else is refused rather than read as false. */
    private static boolean tta(Context ctx) {
        String v = ctx.queryParam("tta");
        if (v == null || v.equalsIgnoreCase("false") || v.equals("0")) {
            return false;
        }
        if (v.equalsIgnoreCase("true") || v.equals("1")) {
            return true;
        }
        throw new HttpError(400, "query parameter 'tta' must be true or false, got '" + v + "'");
    }

    /** The image sent as the body or as multipart field {@code image}, within {@code maxBytes}. */
    private Upload upload(Context ctx) throws IOException {
        long declared = ctx.contentLength();
        if (declared > cfg.maxBytes) {
            // a body only a little over the limit is read before the answer (drainBody)
            throw new HttpError(413, String.format(Locale.ROOT, "request body is %,d bytes, over the limit of %,d bytes",
                    declared, cfg.maxBytes));
        }
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        byte[] bytes;
        String name;
        if (type.startsWith("multipart/form-data")) {
            UploadedFile file = ctx.uploadedFile("image");
            if (file == null) {
                throw new HttpError(400, "multipart form has no field 'image'");
            }
            if (file.size() > cfg.maxBytes) {
                throw new HttpError(413, String.format(Locale.ROOT, "image is %,d bytes, over the limit of %,d bytes",
                        file.size(), cfg.maxBytes));
            }
            try (InputStream in = file.content()) {
                bytes = in.readAllBytes();
            }
            name = file.filename();
        } else if (type.startsWith("image/") || type.startsWith("application/octet-stream")) {
            bytes = ctx.bodyAsBytes();
            name = "request body";
        } else {
            ctx.bodyAsBytes(); // within the limit (checked above): read it, as before a 413, so the client gets this answer
            throw new HttpError(415, "unsupported content type '" + ctx.contentType()
                    + "': send the image as the body (image/* or application/octet-stream) or as multipart field 'image'");
        }
        if (bytes.length > cfg.maxBytes) {
            throw new HttpError(413, String.format(Locale.ROOT, "image is %,d bytes, over the limit of %,d bytes",
                    bytes.length, cfg.maxBytes));
        }
        return new Upload(bytes, Path.of(name == null || name.isBlank() ? "upload" : name));
    }

    /**
     * Runs {@code task} on a pooled detector (with {@code preset}'s setting, unless null) within the timeout; queue,
     * timeout and image errors become HTTP errors.
     */
    private <T> T run(String preset, DetectorPool.Job<T> task) throws Exception {
        Future<T> f;
        try {
            f = pool.submit(preset, task);
        } catch (RejectedExecutionException e) {
            throw new HttpError(503, "server busy: the detection queue is full (" + cfg.queueCapacity + "); retry later");
        }
        try {
            return f.get(cfg.timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new HttpError(503, "detection did not finish within " + cfg.timeoutMs + " ms; retry later");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ImageLoadException le) {
                int status = le.kind() == ImageLoadException.Kind.TOO_LARGE ? 413 : 400;
                throw new HttpError(status, le.getMessage());
            }
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw new HttpError(400, iae.getMessage());
            }
            throw e;
        }
    }

    private static double parseThreshold(String s) {
        try {
            double t = Double.parseDouble(s);
            if (t < 0 || t > 1 || Double.isNaN(t)) {
                throw new NumberFormatException();
            }
            return t;
        } catch (NumberFormatException e) {
            throw new HttpError(400, "query parameter 'threshold' must be a number in [0, 1], got '" + s + "'");
        }
    }

    private void model(Context ctx) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", cfg.model.toAbsolutePath().normalize().getFileName().toString());
        m.put("engine", pool.any().engine());
        m.put("config", pool.any().config());
        Path card = cfg.model.resolve("MODEL_CARD.md");
        if (Files.isRegularFile(card)) {
            m.put("modelCard", cardSummary(Files.readString(card, StandardCharsets.UTF_8)));
        }
        ctx.contentType("application/json").result(write(m));
    }

    /** Title and first paragraph of a model card. */
    static Map<String, String> cardSummary(String md) {
        String title = "";
        StringBuilder para = new StringBuilder();
        for (String line : md.split("\n")) {
            String t = line.trim();
            if (title.isEmpty() && t.startsWith("#")) {
                title = t.replaceFirst("^#+\\s*", "");
            } else if (!title.isEmpty() && t.isEmpty() && para.length() > 0) {
                break;
            } else if (!title.isEmpty() && !t.isEmpty() && !t.startsWith("#")) {
                para.append(para.length() > 0 ? " " : "").append(t);
            }
        }
        Map<String, String> s = new LinkedHashMap<>();
        s.put("title", title);
        s.put("summary", para.toString());
        return s;
    }

    private void health(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("busyDetectors", pool.active());
        m.put("queued", pool.queued());
        m.put("heapUsedMb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0);
        m.put("rssMb", ProcessMemory.rssMb());
        m.put("peakRssMb", ProcessMemory.peakRssMb());
        m.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        ctx.contentType("application/json").result(write(m));
    }

    @Override
    public void close() {
        app.stop();
        pool.close();
    }
}
