package io.ainnoface.util;

import io.ainnoface.TestData;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** bin/ainnoface-env gives the launchers the pom's values, the ones surefire gives the tests, unless already set. */
class LauncherEnvTest {
    private static String pomProperty(String name) throws Exception {
        Element props = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(TestData.root().resolve("pom.xml").toFile()).getElementsByTagName("properties").item(0);
        return props.getElementsByTagName(name).item(0).getTextContent().trim();
    }

    /** The two variables as a shell that sourced bin/ainnoface-env sees them, with {@code preset} set before. */
    private static List<String> sourced(Map<String, String> preset) throws IOException, InterruptedException {
        Path root = TestData.root();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "APP_HOME=\"$1\"; source \"$1/bin/ainnoface-env\";"
                + " printf '%s|%s' \"$ONEDNN_MAX_CPU_ISA\" \"$GLIBC_TUNABLES\"", "_", root.toString());
        pb.environment().remove("ONEDNN_MAX_CPU_ISA");
        pb.environment().remove("GLIBC_TUNABLES");
        pb.environment().putAll(preset);
        Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return List.of(out.split("\\|", -1));
    }

    @Test
    void launchersTakeThePomsValues() throws Exception {
        assertEquals(List.of(pomProperty("onednn.max.cpu.isa"), pomProperty("glibc.tunables")), sourced(Map.of()));
        // the value documented in docs/benchmarks.md, read by an XML parser rather than the script's sed
        assertEquals("glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967296",
                pomProperty("glibc.tunables"));
    }

    @Test
    void valuesAlreadySetAreKept() throws Exception {
        assertEquals(List.of("ALL", ""), sourced(Map.of("ONEDNN_MAX_CPU_ISA", "ALL", "GLIBC_TUNABLES", "")));
    }
}
