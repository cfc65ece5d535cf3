package io.ainnoface.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.infer.ModelFolder;
import io.ainnoface.model.Networks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model soup (Wortsman et al., 2022): the element-wise mean of every parameter (BatchNorm's running
 * statistics included) of model folders of one architecture, typically fine-tunes of the same weights
 * with different recipes; uniform, or weighted (e.g. a fine-tune interpolated with its start, WiSE-FT).
 * The first folder's config is kept.
 */
public final class ModelSoup {
    private ModelSoup() {}

    /** The uniform mean: {@link #average(List, List, Path, String)} with equal weights. */
    public static void average(List<Path> folders, Path output, String name) throws IOException {
        average(folders, null, output, name);
    }

    /**
     * Writes the weighted mean of {@code folders}' weights, {@code sum(w_k * theta_k) / sum(w_k)}, as a model
     * folder at {@code output}, with the first folder's config under {@code name} (null: its own).
     *
     * @param weights one positive weight per folder, in the same order; null for equal weights
     * @throws IllegalArgumentException naming the folder and parameter whose name or shape differs
     *     from the first folder's, when fewer than two folders are given, or when the weights are not one
     *     positive finite number per folder
     */
    public static void average(List<Path> folders, List<Double> weights, Path output, String name) throws IOException {
        if (folders.size() < 2) {
            throw new IllegalArgumentException("averaging needs at least two model folders, got " + folders.size());
        }
        double[] w = checkedWeights(folders, weights);
        DetectorConfig cfg = ModelFolder.readConfig(folders.get(0));
        if (name != null) {
            cfg.name = name;
        }
        List<Model> models = new ArrayList<>();
        try {
            for (Path f : folders) {
                models.add(load(f));
            }
            List<Pair<String, Parameter>> sum = models.get(0).getBlock().getParameters().stream().toList();
            for (Pair<String, Parameter> p : sum) {
                p.getValue().getArray().muli(w[0]);
            }
            for (int k = 1; k < models.size(); k++) {
                List<Pair<String, Parameter>> other = models.get(k).getBlock().getParameters().stream().toList();
                if (other.size() != sum.size()) {
                    throw new IllegalArgumentException(folders.get(k) + ": " + other.size() + " parameters, "
                            + folders.get(0) + " has " + sum.size());
                }
                for (int i = 0; i < sum.size(); i++) {
                    NDArray a = sum.get(i).getValue().getArray();
                    NDArray b = other.get(i).getValue().getArray();
                    if (!other.get(i).getKey().equals(sum.get(i).getKey()) || !a.getShape().equals(b.getShape())) {
                        throw new IllegalArgumentException(folders.get(k) + ": parameter " + other.get(i).getKey() + " "
                                + b.getShape() + " does not match " + sum.get(i).getKey() + " " + a.getShape() + " of "
                                + folders.get(0));
                    }
                    a.addi(b.muli(w[k])); // b belongs to a model that is closed after this
                }
            }
            double total = Arrays.stream(w).sum();
            for (Pair<String, Parameter> p : sum) {
                p.getValue().getArray().divi(total);
            }
            ModelFolder.save(output, cfg, models.get(0));
        } finally {
            models.forEach(Model::close);
        }
    }

    private static double[] checkedWeights(List<Path> folders, List<Double> weights) {
        double[] w = new double[folders.size()];
        if (weights == null) {
            Arrays.fill(w, 1);
            return w;
        }
        if (weights.size() != folders.size()) {
            throw new IllegalArgumentException("weights: " + weights.size() + " given for " + folders.size()
                    + " model folders; give one per folder");
        }
        for (int k = 0; k < w.length; k++) {
            w[k] = weights.get(k);
            if (!(w[k] > 0) || Double.isInfinite(w[k])) {
                throw new IllegalArgumentException("weights: " + weights.get(k) + " for " + folders.get(k)
                        + " is not a positive finite number");
            }
        }
        return w;
    }

    /** A model folder's network, initialized as a fresh one is (so that it can be saved) and then loaded. */
    private static Model load(Path folder) throws IOException {
        DetectorConfig cfg = ModelFolder.readConfig(folder);
        cfg.model.pretrained = null;
        Model m = Networks.newModel(cfg);
        ModelFolder.loadParameters(m, folder);
        return m;
    }
}
