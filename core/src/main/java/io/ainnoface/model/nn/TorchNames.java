package io.ainnoface.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a block tree to PyTorch state-dict names ({@code layer1.0.conv1.weight}) and loads
 * state dicts (safetensors) by those names.
 */
public final class TorchNames {
    private TorchNames() {}

    /** Every parameter of {@code root} under its PyTorch name, in block order. */
    public static Map<String, Parameter> parameters(Block root) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            out.put(prefix + torchParamName(p.getKey()), p.getValue());
        }
        for (Pair<String, Block> c : block.getChildren()) {
            collect(c.getValue(), prefix + stripIndex(c.getKey()) + ".", out);
        }
    }

    /** DJL prefixes child names with their position ("01conv1"); PyTorch does not. */
    static String stripIndex(String djlName) {
        int i = 0;
        while (i < djlName.length() - 1 && i < 2 && Character.isDigit(djlName.charAt(i))) {
            i++;
        }
        return djlName.substring(i);
    }

    static String torchParamName(String djl) {
        switch (djl) {
            case "gamma":
                return "weight";
            case "beta":
                return "bias";
            case "runningMean":
                return "running_mean";
            case "runningVar":
                return "running_var";
            default:
                return djl;
        }
    }

    /** Result of {@link #load}: names present on one side only. */
    public record LoadReport(List<String> missing, List<String> unexpected, int loaded) {}

    /**
     * Copies tensors of a safetensors file into the parameters of {@code root} whose PyTorch
     * name is {@code prefix + key}. Tensors named in {@code ignore} (e.g. a classifier) and
     * BatchNorm's {@code num_batches_tracked} are skipped without counting as unexpected.
     */
    public static LoadReport loadSafetensors(
            Block root, String prefix, Path file, NDManager manager, Set<String> ignore)
            throws IOException {
        Map<String, Parameter> params = new LinkedHashMap<>();
        parameters(root).forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                params.put(k.substring(prefix.length()), v);
            }
        });
        Set<String> missing = new TreeSet<>(params.keySet());
        List<String> unexpected = new ArrayList<>();
        int loaded = 0;
        try (NDManager sub = manager.newSubManager();
                InputStream in = Files.newInputStream(file)) {
            NDList tensors = NDList.decode(sub, in);
            for (NDArray t : tensors) {
                String name = t.getName();
                if (ignore.contains(name) || name.endsWith("num_batches_tracked")) {
                    continue;
                }
                Parameter p = params.get(name);
                if (p == null) {
                    unexpected.add(name);
                    continue;
                }
                NDArray dst = p.getArray();
                if (!dst.getShape().equals(t.getShape())) {
                    throw new IOException(file + ": tensor " + name + " has shape " + t.getShape()
                            + " but the network expects " + dst.getShape());
                }
                t.toType(dst.getDataType(), false).copyTo(dst);
                missing.remove(name);
                loaded++;
            }
        }
        return new LoadReport(new ArrayList<>(missing), unexpected, loaded);
    }
}
