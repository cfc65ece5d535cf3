package io.ainnoface.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void overridesMergeOverTheBaseKeyByKey() throws IOException {
        Files.writeString(tmp.resolve("base.yaml"), "model:\n  fpnChannels: 48\n  headChannels: 24\n"
                + "inference:\n  ttaShrinks: [0.5, 0.25]\n");
        Path child = tmp.resolve("child.yaml");
        Files.writeString(child, "base: base.yaml\nmodel:\n  headChannels: 16\n"
                + "inference:\n  ttaFlippedShrinks: [0.25]\n");
        DetectorConfig c = ConfigLoader.load(child);
        assertEquals(48, c.model.fpnChannels);
        assertEquals(16, c.model.headChannels);
        assertEquals(List.of(0.5, 0.25), c.inference.ttaShrinks);
        assertEquals(List.of(0.25), c.inference.ttaFlippedShrinks);
    }

    @Test
    void aFlippedShrinkThatIsNotAShrinkIsRefusedNamingFileAndField() throws IOException {
        Path f = tmp.resolve("bad.yaml");
        assertRefused(f, "inference:\n  ttaShrinks: [0.5]\n  ttaFlippedShrinks: [0.25]\n", ": inference.ttaFlippedShrinks: 0.25");
    }

    @Test
    void anUnknownKeyIsRefusedNamingTheFile() throws IOException {
        Path f = tmp.resolve("typo.yaml");
        IOException e = assertRefused(f, "inference:\n  ttaShrink: [0.5]\n",
                ": invalid config field inference.ttaShrink: unknown field (known here: largeFacePasses, maxDetections, maxLongSide,");
        assertTrue(e.getMessage().contains(" ttaShrinks, "), e.getMessage());
        assertRefused(f, "model:\n  anchorScales: [2.0, big]\n", ": invalid config field model.anchorScales[1]: ");
    }

    @Test
    void aWeightAverageDecayOutsideZeroToOneIsRefusedNamingFileAndField() throws IOException {
        Path f = tmp.resolve("ema.yaml");
        assertRefused(f, "train:\n  emaDecay: 1.0\n", ": train.emaDecay: ");
        Files.writeString(f, "train:\n  emaDecay: 0.999\n");
        assertEquals(0.999, ConfigLoader.load(f).train.emaDecay);
    }

    @Test
    void aQualityIouOutsideZeroToOneIsRefusedNamingFileAndField() throws IOException {
        Path f = tmp.resolve("quality.yaml");
        for (String bad : new String[] {"1.2", "-0.5"}) {
            assertRefused(f, "train:\n  qualityFullIou: " + bad + "\n", ": train.qualityFullIou: ");
        }
        Files.writeString(f, "train:\n  qualityFullIou: 0.8\n");
        assertEquals(0.8, ConfigLoader.load(f).train.qualityFullIou);
    }

    @Test
    void aLevelsSecondStepPositiveIouIsReadAndOneBelowTheNegativeIouIsRefused() throws IOException {
        Path f = tmp.resolve("match.yaml");
        Files.writeString(f, "train:\n  secondPosIouByLevel: {3: 0.6}\n");
        DetectorConfig c = ConfigLoader.load(f);
        assertEquals(0.6, c.train.secondPosIou(3));
        assertEquals(0.5, c.train.secondPosIou(4));
        IOException e = assertRefused(f, "train:\n  secondPosIouByLevel: {3: 0.3}\n", ": train.secondPosIouByLevel.3: ");
        assertTrue(e.getMessage().endsWith("got 0.3"), e.getMessage());
        // a level the model does not have would be ignored without a word
        Files.writeString(f, "model:\n  minLevel: 3\ntrain:\n  secondPosIouByLevel: {2: 0.6}\n");
        e = assertThrows(IOException.class, () -> ConfigLoader.load(f));
        assertEquals(f + ": train.secondPosIouByLevel.2: the model has levels 3 to 7", e.getMessage());
    }

    @Test
    void aVerifierOutOfRangeIsRefusedNamingFileAndField() throws IOException {
        Path f = tmp.resolve("verifier.yaml");
        assertRefused(f, "verifier:\n  weight: 1.5\n", ": verifier.weight: ");
        assertRefused(f, "verifier:\n  side: 16\n", ": verifier.side: ");
        assertRefused(f, "verifier:\n  negIou: 0.6\n", ": verifier.negIou: ");
        assertRefused(f, "verifier:\n  members: 0\n", ": verifier.members: ");
        Files.writeString(f, "verifier:\n  maxSize: 0\n");
        VerifierConfig v = ConfigLoader.load(f).verifier;
        assertEquals(0.0, v.maxSize);
        assertEquals(0.25, v.weight);
        assertEquals(0.3, v.negIou);
        assertEquals(1, v.members);
        Files.writeString(f, "name: x\n");
        assertEquals(null, ConfigLoader.load(f).verifier);
    }

    @Test
    void samplingProbabilitiesAboveOneInAllAreRefusedNamingFileAndField() throws IOException {
        Path f = tmp.resolve("sampling.yaml");
        assertRefused(f, "train:\n  largeFaceSamplingProb: 0.6\n  dataAnchorSamplingProb: 0.5\n",
                ": train.dataAnchorSamplingProb: ");
        assertRefused(f, "train:\n  largeFaceSamplingProb: -0.1\n", ": train.largeFaceSamplingProb: ");
        Files.writeString(f, "train:\n  largeFaceSamplingProb: 0.3\n  dataAnchorSamplingProb: 0.2\n");
        assertEquals(0.3, ConfigLoader.load(f).train.largeFaceSamplingProb);
    }

    @Test
    void inferenceFieldsAreOverriddenInPlaceAsTheYamlWouldSetThem() {
        InferenceConfig inf = new InferenceConfig();
        inf.ttaShrinks = List.of(0.5, 0.25, 0.125);
        inf.ttaFlippedShrinks = List.of(0.5);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ttaMaxSize", "1280");
        values.put("ttaLargeMaxSize", "100");
        values.put("ttaScore", "flip-mean-enlarged");
        // checked together: the flipped shrink 0.25 is valid only with the new shrinks
        values.put("ttaFlippedShrinks", "[0.25]");
        values.put("ttaShrinks", "[0.25]");
        values.put("ttaFlip", "false");
        ConfigLoader.overrideInference(inf, values);
        assertEquals(1280, inf.ttaMaxSize);
        assertEquals(100.0, inf.ttaLargeMaxSize);
        assertEquals("flip-mean-enlarged", inf.ttaScore);
        assertEquals(List.of(0.25), inf.ttaShrinks); // a list replaces the list, as in YAML
        assertEquals(List.of(0.25), inf.ttaFlippedShrinks);
        assertEquals(false, inf.ttaFlip);
    }

    @Test
    void aRefusedInferenceOverrideNamesTheFieldAndChangesNothing() {
        InferenceConfig inf = new InferenceConfig();
        inf.ttaShrinks = List.of(0.5, 0.25);
        String before = inf.ttaShrinks + " " + inf.ttaFlippedShrinks + " " + inf.ttaMaxSize + " " + inf.ttaScore;
        String unknown = assertOverrideRefused(inf, "inference.ttaMaxSise: unknown field (known here: ",
                "ttaMaxSise", "1280");
        assertTrue(unknown.contains("ttaMaxSize"), unknown);
        // each refusal is whole: the valid ttaShrinks beside a bad field is not applied either
        assertOverrideRefused(inf, "inference.ttaMaxSize: ", "ttaShrinks", "[0.5]", "ttaMaxSize", "big");
        assertOverrideRefused(inf, "inference.ttaMaxSize: ", "ttaMaxSize", "1.5");
        assertOverrideRefused(inf, "inference.ttaFlippedShrinks: 0.125 is not one of ttaShrinks",
                "ttaMaxSize", "640", "ttaFlippedShrinks", "[0.125]");
        assertOverrideRefused(inf, "inference.ttaScore: must be", "ttaScore", "mean");
        // a text field is not read as YAML: "yes" stays "yes" in the message, not "true"
        assertOverrideRefused(inf, "inference.ttaScore: must be max, mean-max, flip-mean or flip-mean-enlarged, got yes",
                "ttaScore", "yes");
        assertEquals(before, inf.ttaShrinks + " " + inf.ttaFlippedShrinks + " " + inf.ttaMaxSize + " " + inf.ttaScore);
    }

    /** @return the message, which starts with {@code start} */
    private static String assertOverrideRefused(InferenceConfig inf, String start, String... fieldsAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            values.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.overrideInference(inf, values));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aFractionForAnIntegerFieldIsRefusedNotCut() throws IOException {
        Path f = tmp.resolve("fraction.yaml");
        assertRefused(f, "model:\n  fpnChannels: 32.5\n", ": invalid config field model.fpnChannels: ");
        Files.writeString(f, "model:\n  fpnChannels: 48\n");
        assertEquals(48, ConfigLoader.load(f).model.fpnChannels);
    }

    @Test
    void anUnknownTtaScoreIsRefusedNamingFileAndField() throws IOException {
        Path f = tmp.resolve("tta.yaml");
        assertRefused(f, "inference:\n  ttaScore: mean\n", ": inference.ttaScore: ");
        Files.writeString(f, "inference:\n  ttaScore: mean-max\n");
        assertEquals("mean-max", ConfigLoader.load(f).inference.ttaScore);
    }

    /**
     * A test-time preset is read as YAML writes it and turned into --set values (text as it is, lists and numbers as
     * JSON); one naming a field the inference section lacks is refused at load, naming the preset and the field.
     */
    @Test
    void ttaPresetsAreReadAsSetsAndAnUnknownFieldIsRefusedNamingThePreset() throws IOException {
        Path f = tmp.resolve("presets.yaml");
        Files.writeString(f, "inference:\n  ttaPresets:\n    fast:\n      ttaShrinks: [0.5]\n      ttaFlippedShrinks: []\n"
                + "      ttaScore: \"flip-mean-enlarged\"\n      ttaMaxSize: 1280\n      ttaFlippedEnlarges: false\n");
        InferenceConfig inf = ConfigLoader.load(f).inference;
        Map<String, String> want = new LinkedHashMap<>();
        want.put("ttaShrinks", "[0.5]");
        want.put("ttaFlippedShrinks", "[]");
        want.put("ttaScore", "flip-mean-enlarged");
        want.put("ttaMaxSize", "1280");
        want.put("ttaFlippedEnlarges", "false");
        Map<String, String> got = ConfigLoader.presetValues(inf, "fast");
        assertEquals(want, got);
        assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()));
        ConfigLoader.overrideInference(inf, got);
        assertEquals(List.of(0.5), inf.ttaShrinks);
        assertEquals("flip-mean-enlarged", inf.ttaScore);
        assertEquals(1280, inf.ttaMaxSize);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.presetValues(inf, "slow"));
        assertTrue(e.getMessage().startsWith("no test-time preset 'slow' in the model folder (it has fast;"), e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.presetValues(new InferenceConfig(), "fast"));
        assertTrue(none.getMessage().startsWith("no test-time preset 'fast' in the model folder (it has none;"),
                none.getMessage());
        assertRefused(f, "inference:\n  ttaPresets:\n    fast:\n      ttaMaxSise: 1280\n",
                ": inference.ttaPresets.fast.ttaMaxSise: not a field of the inference section");
        assertRefused(f, "inference:\n  ttaPresets:\n    loop:\n      ttaPresets: {}\n",
                ": inference.ttaPresets.loop.ttaPresets: not a field");
    }

    @Test
    void aVotingIouOutsideZeroToOneIsRefusedNamingFileAndField() throws IOException {
        Path f = tmp.resolve("vote.yaml");
        assertRefused(f, "inference:\n  nmsVoteIou: 1.5\n", ": inference.nmsVoteIou: ");
        Files.writeString(f, "inference:\n  nmsVoteIou: 0.5\n");
        assertEquals(0.5, ConfigLoader.load(f).inference.nmsVoteIou);
    }

    @Test
    void anEnlargementCapBelowOneIsRefusedNamingFileAndField() throws IOException {
        Path f = tmp.resolve("enlarge.yaml");
        assertRefused(f, "inference:\n  ttaMaxEnlarge: 0.5\n", ": inference.ttaMaxEnlarge: ");
        Files.writeString(f, "inference:\n  ttaMaxEnlarge: 2.5\n");
        assertEquals(2.5, ConfigLoader.load(f).inference.ttaMaxEnlarge);
        Files.writeString(f, "inference:\n  ttaMaxEnlarge: 0\n");
        assertEquals(0.0, ConfigLoader.load(f).inference.ttaMaxEnlarge);
    }

    @Test
    void aListedEnlargementBelowOneOrNoMirrorAndNoShrinkIsRefusedNamingFileAndField() throws IOException {
        Path f = tmp.resolve("enlarges.yaml");
        assertRefused(f, "inference:\n  ttaEnlarges: [2.0, 1.0]\n", ": inference.ttaEnlarges: each factor must be above 1, got 1.0");
        assertRefused(f, "inference:\n  ttaFlip: false\n  ttaShrinks: []\n", ": inference.ttaFlip: false needs a shrunken pass");
        Files.writeString(f, "inference:\n  ttaEnlarges: [2.0]\n  ttaFlip: false\n");
        DetectorConfig c = ConfigLoader.load(f);
        assertEquals(List.of(2.0), c.inference.ttaEnlarges);
        assertEquals(false, c.inference.ttaFlip);
    }

    /**
     * Writes {@code yaml} to {@code f} and asserts that loading it fails with a message that starts with the file's
     * name and then {@code field}; the failure, for further checks.
     */
    private static IOException assertRefused(Path f, String yaml, String field) throws IOException {
        Files.writeString(f, yaml);
        IOException e = assertThrows(IOException.class, () -> ConfigLoader.load(f));
        assertTrue(e.getMessage().startsWith(f + field), e.getMessage());
        return e;
    }
}
