package io.ainnoface.cli;

import io.ainnoface.config.DetectorConfig;
import io.ainnoface.config.VerifierConfig;
import io.ainnoface.data.WiderAnnotations;
import io.ainnoface.eval.Submission;
import io.ainnoface.infer.ModelFolder;
import io.ainnoface.util.AppPaths;
import io.ainnoface.verify.CropSet;
import io.ainnoface.verify.VerifierTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "train-verifier", mixinStandardHelpOptions = true,
        description = {"Train the second-stage verifier of a model folder's test-time augmentation on crops of the"
            + " detector's own boxes on the train split (from 'evaluate --tta' on it) and of the split's faces, then"
            + " write it into the folder (verifier-0000.params and the config's 'verifier' section).",
            "Resumable: checkpoints, verifier-log.csv and verifier-loss.png in the run folder."})
final class TrainVerifierCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model folder of the detector; the verifier is written into it.")
    Path model;

    @Option(names = "--predictions", required = true,
            description = "The detector's boxes on the training images: a submission folder (evaluate --tta writes"
                    + " one under <output>/predictions).")
    Path predictions;

    @Option(names = "--annotations", required = true, description = "WIDER FACE ground truth of those images (bbx_gt.txt).")
    Path annotations;

    @Option(names = "--images", required = true, description = "Folder the annotation paths are relative to.")
    Path images;

    @Option(names = "--run", required = true, description = "Run folder (checkpoints, log, loss plot).")
    Path run;

    @Option(names = "--resume", description = "Continue from the newest good checkpoint of the run folder.")
    boolean resume;

    @Option(names = "--epochs", defaultValue = "4", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "128", description = "Crops per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.05", description = "Peak learning rate of the one-cycle schedule"
            + " (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--per-image", defaultValue = "40", description = "Highest-scoring boxes per image used as crops"
            + " (default: ${DEFAULT-VALUE}).")
    int perImage;

    @Option(names = "--weight", description = "verifier.weight: exponent of its probability in the fused score"
            + " (default: the folder's, else 0.25).")
    Double weight;

    @Option(names = "--max-size", description = "verifier.maxSize: verify boxes below this size in pixels, 0 for"
            + " every size (default: the folder's, else 64).")
    Double maxSize;

    @Option(names = "--neg-iou", description = "verifier.negIou: a box whose IoU with every face is below this is a"
            + " non-face crop; 0.5 also teaches the boxes beside a face as non-faces (default: the folder's, else 0.3).")
    Double negIou;

    @Option(names = "--member", defaultValue = "0", description = "Write the verifier as this ensemble member: 0"
            + " replaces the folder's verifier, the folder's member count adds one more, whose probability is averaged"
            + " with the others' (verifier.members; default: ${DEFAULT-VALUE}).")
    int member;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the head's initialization, the crop order"
            + " and the faces' jitter (default: ${DEFAULT-VALUE}); another seed gives another ensemble member.")
    long seed;

    @Option(names = "--pretrained", description = "ImageNet weights of the verifier's MobileNetV1-0.25"
            + " (default: ../shared/models/pretrained/mobilenet_v1_0.25_imagenet.safetensors).")
    Path pretrained;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--epochs", epochs, 1);
        OptionChecks.atLeast("--batch", batch, 1);
        OptionChecks.positive("--lr", lr);
        OptionChecks.atLeast("--per-image", perImage, 1);
        OptionChecks.atLeast("--member", member, 0);
        DetectorConfig dc = ModelFolder.readConfig(model);
        VerifierConfig cfg = dc.verifier != null ? dc.verifier : new VerifierConfig();
        if (weight != null) {
            cfg.weight = weight;
        }
        if (maxSize != null) {
            cfg.maxSize = maxSize;
        }
        if (negIou != null) {
            cfg.negIou = negIou;
        }
        cfg.check();
        Path weights = pretrained != null ? pretrained
                : AppPaths.shared().resolve("models/pretrained/mobilenet_v1_0.25_imagenet.safetensors");
        WiderAnnotations ann = WiderAnnotations.read(annotations, true);
        CropSet data = CropSet.build(ann.images(), Submission.read(predictions), images, cfg, perImage, 0.05, seed,
                m -> System.err.println("warning: " + m));
        System.err.println("train-verifier: " + data + " from " + ann.images().size() + " images");
        VerifierTrainer.Options opt = new VerifierTrainer.Options(epochs, batch, lr, 5e-4, 0.05, seed, 200);
        try (VerifierTrainer t = new VerifierTrainer(cfg, opt, run, weights, resume, System.err::println)) {
            t.train(data);
            t.saveInto(model, member);
            System.out.println("verifier trained (" + t.state().iteration() + " steps, "
                    + t.state().elapsedMillis() / 60_000 + " min) and written into " + model + " as member " + member);
        }
        return 0;
    }
}
