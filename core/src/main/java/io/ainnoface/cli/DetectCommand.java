package io.ainnoface.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ainnoface.infer.Face;
import io.ainnoface.config.InferenceConfig;
import io.ainnoface.infer.Detector;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.peers.Detectors;
import io.ainnoface.infer.FaceDrawer;
import io.ainnoface.infer.FaceJson;
import io.ainnoface.infer.FaceRegions;
import io.ainnoface.infer.ImageLoadException;
import io.ainnoface.infer.ImageLoader;
import io.ainnoface.util.AppPaths;
import io.ainnoface.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Detect faces in images; writes each image with its faces drawn and a JSON file.",
            "Exit code: 0 all images processed, 1 some images failed, 2 bad usage or model."})
final class DetectCommand implements Callable<Integer> {
    static final Set<String> IMAGE_EXT = Set.of("jpg", "jpeg", "png", "webp", "bmp", "gif", "tif", "tiff");

    @Parameters(arity = "1..*", paramLabel = "IMAGE|DIR", description = "Images, or folders searched recursively for .jpg .jpeg .png .webp .bmp .gif .tif .tiff files.")
    List<Path> inputs;

    @Option(names = "--model", description = "Detector: " + Detectors.HELP + " (default: the bundled model).")
    String model;

    @Option(names = "--output", defaultValue = "detections", description = "Folder for annotated images (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--json", description = "JSON file to write (default: OUTPUT/detections.json).")
    Path json;

    @Option(names = "--threshold", defaultValue = "0.5", description = "Minimum face score (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--tta", description = "Multi-scale + flip test-time augmentation with box voting (slower).")
    boolean tta;

    @Option(names = "--tta-score", paramLabel = "max|mean-max|flip-mean|flip-mean-enlarged", description = "With "
            + "--tta: score of a voted box, max (SRN's), mean-max, flip-mean (the bundled model's) or "
            + "flip-mean-enlarged; default: the model's inference.ttaScore (README, Status).")
    String ttaScore;

    @Option(names = "--tta-preset", paramLabel = "NAME", description = InferenceOptions.PRESET_HELP)
    String ttaPreset;

    @Option(names = "--set", paramLabel = "inference.FIELD=VALUE", description = InferenceOptions.SET_HELP)
    List<String> sets = new ArrayList<>();

    @Option(names = "--batch", defaultValue = "4", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    /** What the written images show. */
    enum Draw { BOXES, PIXELATE, NONE }

    @Option(names = "--draw", defaultValue = "BOXES", paramLabel = "boxes|pixelate|none", description = "What the images "
            + "written to OUTPUT show: each face's box and score, the faces pixelated (anonymized: "
            + FaceRegions.PIXELATE_BLOCKS + " blocks across each face and a margin of "
            + FaceRegions.PIXELATE_MARGIN_PERCENT + "%% of its size), or no images at all, the JSON only "
            + "(default: boxes).")
    Draw draw;

    @Option(names = "--crops", paramLabel = "DIR", description = "Also write each face, with --crop-margin, as "
            + "DIR/<image>_<n>.jpg (n = 1, 2, ... in the JSON's order, which names the file as the face's \"crop\").")
    Path crops;

    @Option(names = "--crop-margin", defaultValue = "0.2", description = "With --crops: each side pushed out by this "
            + "share of the box's width or height, clipped to the image (default: ${DEFAULT-VALUE}).")
    double cropMargin;

    @Option(names = "--max-pixels", description = "Refuse images with more pixels (default: from the model config).")
    Long maxPixels;

    @Override
    public Integer call() throws Exception {
        OptionChecks.score("--threshold", threshold);
        OptionChecks.atLeast("--batch", batch, 1);
        if (model == null && !Files.isDirectory(AppPaths.defaultModel())) {
            System.err.println("error: model folder not found: " + AppPaths.defaultModel()
                    + " (no bundled model in this build; pass --model DIR)");
            return 2;
        }
        Detector det;
        try {
            det = model != null ? Detectors.open(model, 0) : FaceDetector.load(AppPaths.defaultModel());
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        String bad = InferenceOptions.apply(det, ttaPreset, sets, ttaScore);
        if (bad != null) {
            det.close();
            System.err.println("error: " + bad);
            return 2;
        }
        tta |= ttaPreset != null;
        if (!(cropMargin >= 0 && cropMargin <= 10)) {
            det.close();
            System.err.println("error: --crop-margin must be in [0, 10], got " + cropMargin);
            return 2;
        }
        List<Path> files = new ArrayList<>();
        int failed = 0;
        List<Map<String, Object>> records = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.walk(in)) {
                    s.filter(p -> Files.isRegularFile(p) && IMAGE_EXT.contains(ext(p))).sorted().forEach(files::add);
                }
            } else {
                files.add(in);
            }
        }
        Files.createDirectories(output);
        if (crops != null) {
            Files.createDirectories(crops);
        }
        Path jsonFile = json != null ? json : output.resolve("detections.json");
        try (det) {
            InferenceConfig inf = det instanceof FaceDetector f ? f.config().inference : new InferenceConfig();
            ImageLoader loader = new ImageLoader(maxPixels != null ? maxPixels : inf.maxPixels, inf.minSide);
            Set<String> usedNames = new HashSet<>();
            try (Progress bar = new Progress("detect", files.size())) {
                for (int start = 0; start < files.size(); start += batch) {
                    List<Path> chunk = files.subList(start, Math.min(files.size(), start + batch));
                    List<Path> okFiles = new ArrayList<>();
                    List<BufferedImage> images = new ArrayList<>();
                    for (Path f : chunk) {
                        try {
                            images.add(loader.load(f));
                            okFiles.add(f);
                        } catch (ImageLoadException e) {
                            failed++;
                            System.err.println((files.size() > 1 ? "\n" : "") + "error: " + e.getMessage());
                            Map<String, Object> r = new LinkedHashMap<>();
                            r.put("image", f.toString());
                            r.put("error", e.getMessage());
                            records.add(r);
                        }
                    }
                    List<List<Face>> faces = det.detect(images, threshold, tta);
                    for (int i = 0; i < images.size(); i++) {
                        BufferedImage img = images.get(i);
                        String base = uniqueBase(okFiles.get(i), usedNames);
                        if (draw != Draw.NONE) {
                            writeAnnotated(okFiles.get(i), base, img, faces.get(i));
                        }
                        List<String> cropFiles = crops == null ? null : writeCrops(base, img, faces.get(i));
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("image", okFiles.get(i).toString());
                        records.add(FaceJson.record(r, img, faces.get(i), cropFiles));
                    }
                    bar.advance(chunk.size(), "");
                }
            }
        }
        writeJson(jsonFile, records);
        System.out.printf(Locale.ROOT, "%d image(s), %d failed; %sJSON in %s%s%n", files.size(), failed,
                draw == Draw.NONE ? "" : "annotated images in " + output + ", ", jsonFile,
                crops == null ? "" : ", face crops in " + crops);
        return failed > 0 ? 1 : 0;
    }

    /** The file's name without extension, or with _1, _2, ... when an earlier input had that name. */
    private static String uniqueBase(Path file, Set<String> used) {
        String name = file.getFileName().toString();
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        String out = base;
        for (int k = 1; !used.add(out); k++) {
            out = base + "_" + k;
        }
        return out;
    }

    private void writeAnnotated(Path file, String base, BufferedImage img, List<Face> faces) throws IOException {
        String e = ext(file).equals("png") ? "png" : "jpg";
        BufferedImage shown = draw == Draw.PIXELATE
                ? FaceRegions.pixelate(img, faces, FaceRegions.PIXELATE_MARGIN, FaceRegions.PIXELATE_BLOCKS)
                : FaceDrawer.draw(img, faces);
        ImageIO.write(shown, e, output.resolve(base + "." + e).toFile());
    }

    /** Writes each face's crop; the files, in the faces' order (null where the crop is empty). */
    private List<String> writeCrops(String base, BufferedImage img, List<Face> faces) throws IOException {
        List<String> files = new ArrayList<>(faces.size());
        for (int k = 0; k < faces.size(); k++) {
            BufferedImage c = FaceRegions.crop(img, faces.get(k), cropMargin);
            Path f = crops.resolve(base + "_" + (k + 1) + ".jpg");
            if (c != null) {
                ImageIO.write(c, "jpg", f.toFile());
            }
            files.add(c == null ? null : f.toString());
        }
        return files;
    }

    static void writeJson(Path file, Object value) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), value);
    }

    static String ext(Path p) {
        String n = p.getFileName().toString();
        int i = n.lastIndexOf('.');
        return i < 0 ? "" : n.substring(i + 1).toLowerCase(Locale.ROOT);
    }
}
