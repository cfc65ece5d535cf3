package io.ainnoface.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Training checkpoints {@code ckpt-<iteration>.ckpt}: a header, the training state as JSON, then
 * every parameter (including BatchNorm statistics), momentum buffer and, with {@code train.emaDecay},
 * weight average by name. Written to a
 * temporary file, synced, then renamed, so the newest checkpoint on disk is always whole; a
 * reader that finds a damaged one falls back to the previous.
 */
public final class Checkpoints {
    private static final String MAGIC = "AINNOFACE-CKPT-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoints() {}

    /** Where training resumes: the next iteration, and the (epoch, batch) it reads. */
    public record State(long iteration, int epoch, int batchInEpoch, long elapsedMillis) {}

    /** @param average the weight average by parameter name (empty when not kept) */
    public static Path write(Path dir, State state, Map<String, Parameter> params, Map<String, NDArray> velocity,
            Map<String, NDArray> average, int keep) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(String.format("ckpt-%09d.ckpt", state.iteration()));
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        NDList list = new NDList();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray a = e.getValue().getArray();
            a.setName("p:" + e.getKey());
            list.add(a);
        }
        for (Map.Entry<String, NDArray> e : velocity.entrySet()) {
            e.getValue().setName("v:" + e.getKey());
            list.add(e.getValue());
        }
        for (Map.Entry<String, NDArray> e : average.entrySet()) {
            e.getValue().setName("a:" + e.getKey());
            list.add(e.getValue());
        }
        try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fos))) {
            out.writeUTF(MAGIC);
            byte[] meta = JSON.writeValueAsBytes(state);
            out.writeInt(meta.length);
            out.write(meta);
            list.encode(out);
            out.flush();
            fos.getFD().sync();
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        prune(dir, keep);
        return file;
    }

    /** Checkpoint files, newest first. */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("ckpt-\\d+\\.ckpt"))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .toList();
        }
    }

    private static void prune(Path dir, int keep) throws IOException {
        List<Path> all = list(dir);
        for (int i = Math.max(1, keep); i < all.size(); i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    /** A checkpoint read into memory. Close to release its arrays. */
    public record Loaded(Path file, State state, Map<String, NDArray> params, Map<String, NDArray> velocity,
            Map<String, NDArray> average, NDManager manager) implements AutoCloseable {
        @Override
        public void close() {
            manager.close();
        }
    }

    public static Loaded read(Path file, NDManager parent) throws IOException {
        NDManager m = parent.newSubManager();
        try (InputStream fin = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(fin))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException(file + ": not an AInnoFace checkpoint");
            }
            byte[] meta = new byte[in.readInt()];
            in.readFully(meta);
            State state = JSON.readValue(new String(meta, StandardCharsets.UTF_8), State.class);
            NDList list = NDList.decode(m, in);
            Map<String, NDArray> params = new java.util.LinkedHashMap<>();
            Map<String, NDArray> velocity = new java.util.LinkedHashMap<>();
            Map<String, NDArray> average = new java.util.LinkedHashMap<>();
            for (NDArray a : list) {
                String n = a.getName();
                if (n != null && n.startsWith("p:")) {
                    params.put(n.substring(2), a);
                } else if (n != null && n.startsWith("v:")) {
                    velocity.put(n.substring(2), a);
                } else if (n != null && n.startsWith("a:")) {
                    average.put(n.substring(2), a);
                }
            }
            return new Loaded(file, state, params, velocity, average, m);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e instanceof IOException io ? io : new IOException(file + ": unreadable checkpoint: " + e, e);
        }
    }

    /** The newest checkpoint that reads back whole, or null; damaged ones are reported and skipped. */
    public static Loaded readNewest(Path dir, NDManager parent, Consumer<String> warn) throws IOException {
        List<Path> files = new ArrayList<>(list(dir));
        for (Path f : files) {
            try {
                return read(f, parent);
            } catch (IOException e) {
                warn.accept("checkpoint " + f + " is damaged (" + e.getMessage() + "); trying the previous one");
            }
        }
        return null;
    }
}
