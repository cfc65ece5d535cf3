package io.ainnoface.util;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines that run this application's CLI in a separate JVM (own memory, own threads). */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * {@code java} of this JVM with this class path, offline DJL, quiet logging and this home and
     * shared folder, running {@code io.ainnoface.cli.Main} with {@code args}.
     */
    public static List<String> cli(String maxHeap, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.ai.djl.onnxruntime.engine.OrtEngine=error",
                "-Dainnoface.home=" + AppPaths.home(), "-Dainnoface.shared=" + AppPaths.shared(),
                "-cp", System.getProperty("java.class.path"), "io.ainnoface.cli.Main"));
        cmd.addAll(args);
        return cmd;
    }
}
