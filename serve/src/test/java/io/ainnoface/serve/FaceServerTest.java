package io.ainnoface.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.InferenceConfig;
import io.ainnoface.infer.Face;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.FaceRegions;
import io.ainnoface.infer.ImageLoader;
import io.ainnoface.util.AppPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static FaceServer server;
    static String base;
    static byte[] photo;
    static final HttpClient HTTP = http11();

    static Path sample() {
        return Path.of(System.getProperty("ainnoface.shared")).resolve("samples/grace_hopper_512x512.jpg");
    }

    static ServerConfig config() {
        ServerConfig c = new ServerConfig();
        c.model = AppPaths.defaultModel();
        c.host = "127.0.0.1";
        c.port = 0;
        return c;
    }

    @BeforeAll
    static void start() throws Exception {
        ServerConfig c = config();
        c.maxBytes = 300_000;
        c.maxPixels = 1_000_000;
        server = new FaceServer(c).start();
        base = "http://127.0.0.1:" + server.port();
        photo = Files.readAllBytes(sample());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * Sends {@code request} on a connection of its own. The server answers 413 and 415 with "Connection: close"
     * (refusedBodiesSayTheConnectionCloses), yet now and then a request on a pooled connection of a shared JDK client
     * got no answer ("header parser received no bytes", a broken pipe): once in CI after a 413, and here in sessions
     * 28 and 29, once after 200s only. Connection reuse is not what these tests check. It happened once more on a
     * connection of its own (session 42, CI run of a fresh clone, the 320 kB body's 413). Session 43 found the cause:
     * with HTTP/1.1 clients the class still failed 3 runs of 15, each time on a 400 for a query parameter that the
     * server answered before reading the body; since every error waits for a body within the limit
     * ({@code FaceServer.drainBody}) 30 runs of 30 passed. The clients speak HTTP/1.1, as the server does.
     */
    static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws Exception {
        return http11().send(request, body);
    }

    static HttpClient http11() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    static HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void detectAnswersWhatTheDetectorFinds() throws Exception {
        HttpResponse<String> r = post("/v1/detect?threshold=0.3", "image/jpeg", photo);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = JSON.readTree(r.body());
        assertEquals(512, j.get("width").asInt());
        assertEquals(512, j.get("height").asInt());
        List<Face> direct;
        try (FaceDetector det = FaceDetector.load(AppPaths.defaultModel())) {
            direct = det.detect(new ImageLoader(Long.MAX_VALUE, 1).load(sample()), 0.3);
        }
        assertTrue(direct.size() >= 1);
        assertFaces(direct, j.get("faces"));
        // a higher threshold keeps only the faces above it
        JsonNode strict = JSON.readTree(post("/v1/detect?threshold=0.99", "image/jpeg", photo).body());
        assertEquals(direct.stream().filter(f -> f.score() > 0.99).count(), strict.get("faces").size());
    }

    @Test
    void anonymizeAnswersTheImageWithItsFacesPixelated() throws Exception {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(base + "/v1/anonymize?format=png"))
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(photo)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        BufferedImage img = new ImageLoader(Long.MAX_VALUE, 1).load(sample());
        List<Face> direct;
        try (FaceDetector det = FaceDetector.load(AppPaths.defaultModel())) {
            direct = det.detect(img, 0.5);
        }
        assertEquals(String.valueOf(direct.size()), r.headers().firstValue("X-Faces").orElse(""));
        BufferedImage want = FaceRegions.pixelate(img, direct, FaceRegions.PIXELATE_MARGIN, FaceRegions.PIXELATE_BLOCKS);
        BufferedImage got = ImageIO.read(new ByteArrayInputStream(r.body()));
        for (int y = 0; y < want.getHeight(); y++) {
            for (int x = 0; x < want.getWidth(); x++) {
                assertEquals(want.getRGB(x, y), got.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
        expectError(post("/v1/anonymize?format=gif", "image/jpeg", photo), 400, "format");
        expectError(post("/v1/anonymize", "image/jpeg", "just some text\n".getBytes(StandardCharsets.UTF_8)), 400,
                "not an image");
    }

    @Test
    void multipartFieldImageWorksLikeARawBody() throws Exception {
        String boundary = "----ainnoface" + System.nanoTime();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"hopper.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        b.write(photo);
        b.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> multi = post("/v1/detect", "multipart/form-data; boundary=" + boundary, b.toByteArray());
        HttpResponse<String> raw = post("/v1/detect", "application/octet-stream", photo);
        assertEquals(200, multi.statusCode(), multi.body());
        assertEquals(JSON.readTree(raw.body()), JSON.readTree(multi.body()));
    }

    @Test
    void healthAndModelEndpoints() throws Exception {
        HttpResponse<String> h = get("/healthz");
        assertEquals(200, h.statusCode());
        assertEquals("ok", JSON.readTree(h.body()).get("status").asText());
        JsonNode m = JSON.readTree(get("/v1/model").body());
        assertEquals("ainnoface-mobilenet", m.get("name").asText());
        // the shipped folder carries its ONNX export, which the server runs
        assertEquals("onnxruntime", m.get("engine").asText());
        assertEquals("mobilenet_v1", m.get("config").get("model").get("backbone").asText());
        assertTrue(m.get("modelCard").get("title").asText().toLowerCase().contains("ainnoface"), m.toString());
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"faces\""));
    }

    @Test
    void inferenceSetsReachEveryDetectorOfThePool() throws Exception {
        ServerConfig c = config();
        c.poolSize = 2;
        c.inference = Map.of("ttaMaxSize", "640", "ttaShrinks", "[0.5]");
        try (FaceServer other = new FaceServer(c).start()) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port()
                    + "/v1/model")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode inf = JSON.readTree(r.body()).get("config").get("inference");
            assertEquals(640, inf.get("ttaMaxSize").asInt());
            assertEquals("[0.5]", inf.get("ttaShrinks").toString());
            // the bundled folder mirrors its 0.5 pass, still one of the shrinks
            assertEquals("[0.5]", inf.get("ttaFlippedShrinks").toString());
        }
        c.inference = Map.of("ttaShrinks", "[0.25]");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new FaceServer(c));
        assertTrue(refused.getMessage().startsWith("inference.ttaFlippedShrinks: 0.5 is not one of ttaShrinks"),
                refused.getMessage());
    }

    /** The faces {@code detectTta} finds with the bundled folder's {@code preset}, then {@code sets}, applied. */
    private static List<Face> withPreset(String preset, Map<String, String> sets, double threshold) throws Exception {
        try (FaceDetector det = FaceDetector.load(AppPaths.defaultModel())) {
            InferenceConfig inf = det.config().inference;
            ConfigLoader.overrideInference(inf, ConfigLoader.presetValues(inf, preset));
            ConfigLoader.overrideInference(inf, sets);
            return det.detectTta(new ImageLoader(Long.MAX_VALUE, 1).load(sample()), threshold);
        }
    }

    @Test
    void aRequestNamesATestTimePresetAndTheServersSetsApplyAfterIt() throws Exception {
        assertFaces(withPreset("fast", Map.of(), 0.3),
                JSON.readTree(post("/v1/detect?threshold=0.3&preset=fast", "image/jpeg", photo).body()).get("faces"));
        ServerConfig c = config();
        c.poolSize = 1;
        c.sets = Map.of("ttaMaxSize", "640");
        c.inference = c.sets;
        try (FaceServer other = new FaceServer(c).start()) {
            // large-faces sets ttaMaxSize 1280; the server's --set makes it 640 again
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port()
                    + "/v1/detect?threshold=0.3&preset=large-faces&tta=true")).header("Content-Type", "image/jpeg")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(photo)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            List<Face> expected = withPreset("large-faces", c.sets, 0.3);
            assertTrue(!expected.equals(withPreset("large-faces", Map.of(), 0.3)), "the --set changes the faces");
            assertFaces(expected, JSON.readTree(r.body()).get("faces"));
        }
        expectError(post("/v1/detect?preset=nope", "image/jpeg", photo), 400,
                "the model has no test-time preset 'nope' (it has fast, large-faces)");
        expectError(post("/v1/anonymize?preset=fast&tta=false", "image/jpeg", photo), 400, "cannot go with tta=false");
    }

    @Test
    void badInputsGetClearStatusesAndJsonMessages() throws Exception {
        byte[] truncated = java.util.Arrays.copyOf(photo, photo.length / 2);
        expectError(post("/v1/detect", "image/jpeg", truncated), 400, "truncated");
        expectError(post("/v1/detect", "image/jpeg", "just some text\n".getBytes(StandardCharsets.UTF_8)), 400, "not an image");
        expectError(post("/v1/detect", "text/plain", photo), 415, "unsupported content type");
        // 1200x1000 = 1.2 Mpx over the 1 Mpx limit, but a small PNG in bytes
        java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(1200, 1000, java.awt.image.BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(big, "png", png);
        expectError(post("/v1/detect", "image/png", png.toByteArray()), 413, "pixels");
        byte[] heavy = new byte[320_000]; // over maxBytes, within the slack the server reads before its 413
        System.arraycopy(photo, 0, heavy, 0, photo.length);
        expectError(post("/v1/detect", "image/jpeg", heavy), 413, "bytes");
        expectError(post("/v1/detect?threshold=abc", "image/jpeg", photo), 400, "threshold");
        expectError(post("/v1/detect?tta=yes", "image/jpeg", photo), 400, "'tta' must be true or false, got 'yes'");
        expectError(post("/v1/anonymize?tta=2", "image/jpeg", photo), 400, "'tta' must be true or false, got '2'");
        assertEquals(200, post("/v1/detect?tta=FALSE", "image/jpeg", photo).statusCode());
    }

    @Test
    void refusedBodiesSayTheConnectionCloses() throws Exception {
        // a plain HTTP/1.1 client (as curl): without the header it would send its next request on a dropped connection
        for (String type : new String[] {"text/plain", "image/jpeg"}) {
            byte[] body = type.equals("text/plain") ? photo : new byte[320_000];
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(20_000);
                java.io.OutputStream out = s.getOutputStream();
                out.write(("POST /v1/detect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type
                        + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                java.io.BufferedReader in = new java.io.BufferedReader(
                        new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                String status = in.readLine();
                assertTrue(status.contains(type.equals("text/plain") ? " 415 " : " 413 "), type + ": " + status);
                boolean close = false;
                for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                    close |= line.equalsIgnoreCase("Connection: close");
                }
                assertTrue(close, type + ": no 'Connection: close' with " + status);
            }
        }
    }

    @Test
    void aRefusedQueryParameterIsAnsweredOnlyOnceTheBodyHasArrived() throws Exception {
        // answered mid-upload, a client still sending lost the answer when the server then dropped the connection
        byte[] body = new byte[200_000]; // within maxBytes
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            java.io.OutputStream out = s.getOutputStream();
            out.write(("POST /v1/detect?tta=maybe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg"
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 1000);
            out.flush();
            Thread.sleep(500);
            assertEquals(0, s.getInputStream().available(), "answered before the body arrived");
            out.write(body, 1000, body.length - 1000);
            out.flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertTrue(status.contains(" 400 "), status);
        }
    }

    private static void expectError(HttpResponse<String> r, int status, String words) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode j = JSON.readTree(r.body());
        assertEquals(status, j.get("status").asInt());
        assertTrue(j.get("error").asText().contains(words), j.toString());
    }

    @Test
    void concurrentRequestsGiveTheSameFacesAsSequentialOnes() throws Exception {
        BufferedImageVariants v = new BufferedImageVariants(photo);
        List<byte[]> bodies = v.all();
        List<JsonNode> sequential = new ArrayList<>();
        for (byte[] b : bodies) {
            sequential.add(JSON.readTree(post("/v1/detect?threshold=0.1", "image/jpeg", b).body()));
        }
        ExecutorService ex = Executors.newFixedThreadPool(6);
        try {
            List<Future<JsonNode>> fs = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (byte[] b : bodies) {
                    fs.add(ex.submit(() -> JSON.readTree(post("/v1/detect?threshold=0.1", "image/jpeg", b).body())));
                }
            }
            for (int i = 0; i < fs.size(); i++) {
                JsonNode got = fs.get(i).get();
                JsonNode want = sequential.get(i % bodies.size());
                assertEquals(want.get("width"), got.get("width"));
                assertEquals(want.get("faces").size(), got.get("faces").size(), got.toString());
                for (int k = 0; k < want.get("faces").size(); k++) {
                    for (int c = 0; c < 4; c++) {
                        assertEquals(want.get("faces").get(k).get("box").get(c).asDouble(),
                                got.get("faces").get(k).get("box").get(c).asDouble(), 0.11);
                    }
                    assertEquals(want.get("faces").get(k).get("score").asDouble(),
                            got.get("faces").get(k).get("score").asDouble(), 2e-4);
                }
            }
        } finally {
            ex.shutdown();
        }
    }

    @Test
    void aFullQueueAnswers503() throws Exception {
        ServerConfig c = config();
        c.poolSize = 1;
        c.queueCapacity = 1;
        try (FaceServer small = new FaceServer(c).start()) {
            String url = "http://127.0.0.1:" + small.port() + "/v1/detect?tta=true";
            ExecutorService ex = Executors.newFixedThreadPool(6);
            try {
                List<Future<HttpResponse<String>>> fs = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    fs.add(ex.submit(() -> HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "image/jpeg")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(photo)).build(), HttpResponse.BodyHandlers.ofString())));
                }
                int ok = 0;
                int busy = 0;
                for (Future<HttpResponse<String>> f : fs) {
                    HttpResponse<String> r = f.get();
                    if (r.statusCode() == 200) {
                        ok++;
                    } else {
                        expectError(r, 503, "queue is full");
                        busy++;
                    }
                }
                // one running + one queued at most while the others arrive
                assertTrue(ok >= 1 && busy >= 1, ok + " ok, " + busy + " busy");
            } finally {
                ex.shutdown();
            }
        }
    }

    static void assertFaces(List<Face> want, JsonNode got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            Face f = want.get(i);
            JsonNode b = got.get(i).get("box");
            assertEquals(f.x1(), b.get(0).asDouble(), 0.051);
            assertEquals(f.y1(), b.get(1).asDouble(), 0.051);
            assertEquals(f.x2(), b.get(2).asDouble(), 0.051);
            assertEquals(f.y2(), b.get(3).asDouble(), 0.051);
            assertEquals(f.score(), got.get(i).get("score").asDouble(), 5.1e-5);
        }
    }

    /** The photo, its mirror and a 0.75x copy, as JPEG bodies: different inputs for the same server. */
    static final class BufferedImageVariants {
        final List<byte[]> bodies = new ArrayList<>();

        BufferedImageVariants(byte[] jpeg) throws Exception {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
            int w = img.getWidth();
            java.awt.image.BufferedImage mirror = new java.awt.image.BufferedImage(w, img.getHeight(), java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < w; x++) {
                    mirror.setRGB(w - 1 - x, y, img.getRGB(x, y));
                }
            }
            bodies.add(jpeg);
            bodies.add(encode(mirror));
            bodies.add(encode(io.ainnoface.infer.ImageTensors.resize(img, w * 3 / 4, img.getHeight() * 3 / 4)));
        }

        private static byte[] encode(java.awt.image.BufferedImage img) throws Exception {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "jpg", o);
            return o.toByteArray();
        }

        List<byte[]> all() {
            return bodies;
        }
    }
}
