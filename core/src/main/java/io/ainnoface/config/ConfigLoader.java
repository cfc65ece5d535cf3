package io.ainnoface.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loads YAML configs made of a small base plus overrides: a file may name {@code base:} (a path
 * relative to itself); its keys are merged over the base's, recursively for nested maps.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    // an integer field given 1.5 is refused, not cut to 1
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /** Writes a preset's non-text values as {@code --set} takes them (JSON is YAML). */
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigLoader() {}

    public static DetectorConfig load(Path file) throws IOException {
        Map<String, Object> merged = readMerged(file, new ArrayList<>());
        DetectorConfig config;
        try {
            config = YAML.convertValue(merged, DetectorConfig.class);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": invalid config" + (e.getCause() instanceof JsonMappingException jm
                    ? " field " + field(jm) + ": " + problem(jm) : ": " + e.getMessage().split("\n")[0]), e);
        }
        try {
            config.inference.check();
            config.train.check(config.model);
            if (config.verifier != null) {
                config.verifier.check();
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return config;
    }

    /** The field as the YAML spells it: {@code model.fpnChannels}, {@code model.anchorScales[1]}. */
    private static String field(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** What is wrong with it, without Jackson's class names and source locations. */
    private static String problem(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field (known here: " + u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")) + ")";
        }
        return e.getOriginalMessage().split("\n")[0];
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMerged(Path file, List<Path> chain) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        if (chain.contains(abs)) {
            throw new IOException(file + ": circular base chain " + chain);
        }
        chain.add(abs);
        if (!Files.isRegularFile(abs)) {
            throw new IOException(file + ": config file not found");
        }
        Map<String, Object> own;
        try {
            own = YAML.readValue(abs.toFile(), LinkedHashMap.class);
        } catch (IOException e) {
            throw new IOException(file + ": not valid YAML: " + e.getMessage().split("\n")[0], e);
        }
        if (own == null) {
            own = new LinkedHashMap<>();
        }
        Object base = own.remove("base");
        if (base == null) {
            return own;
        }
        Map<String, Object> merged = readMerged(abs.getParent().resolve(base.toString()), chain);
        deepMerge(merged, own);
        return merged;
    }

    @SuppressWarnings("unchecked")
    static void deepMerge(Map<String, Object> into, Map<String, Object> over) {
        for (Map.Entry<String, Object> e : over.entrySet()) {
            Object old = into.get(e.getKey());
            if (old instanceof Map && e.getValue() instanceof Map) {
                deepMerge((Map<String, Object>) old, (Map<String, Object>) e.getValue());
            } else {
                into.put(e.getKey(), e.getValue());
            }
        }
    }

    /** {@code "it has a, b"}, or {@code "it has none"}: the presets a refusal of an unknown one names. */
    public static String presetsItHas(Collection<String> names) {
        return names.isEmpty() ? "it has none" : "it has " + String.join(", ", names);
    }

    /**
     * The settings of test-time preset {@code name} ({@link InferenceConfig#ttaPresets}), field to value as
     * {@link #overrideInference} and {@code --set} take it (text as it is, anything else as JSON, which YAML reads).
     *
     * @throws IllegalArgumentException when the section has no such preset, naming those it has
     */
    public static Map<String, String> presetValues(InferenceConfig inference, String name) {
        Map<String, Object> preset = inference.ttaPresets.get(name);
        if (preset == null) {
            throw new IllegalArgumentException("no test-time preset '" + name + "' in the model folder ("
                    + presetsItHas(inference.ttaPresets.keySet()) + "; inference.ttaPresets in its ainnoface.yaml)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : preset.entrySet()) {
            try {
                out.put(e.getKey(), e.getValue() instanceof String t ? t : JSON.writeValueAsString(e.getValue()));
            } catch (IOException ex) {
                throw new IllegalArgumentException("inference.ttaPresets." + name + "." + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    /**
     * The fields and values of {@code inference.FIELD=VALUE} settings (command lines' {@code --set}), in their order; a
     * field set twice keeps its last value.
     *
     * @throws IllegalArgumentException naming a setting of another form
     */
    public static Map<String, String> inferenceSets(List<String> sets) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (!s.startsWith("inference.") || eq < 0) {
                throw new IllegalArgumentException("expected inference.FIELD=VALUE, got " + s);
            }
            values.put(s.substring("inference.".length(), eq), s.substring(eq + 1));
        }
        return values;
    }

    /**
     * Sets fields of an inference section in place, each value written as the folder's YAML would write it
     * ({@code ttaMaxSize} → {@code 1280}; {@code ttaShrinks} → {@code [0.5]}; a list replaces the list), and checks the
     * result as a whole, so that one field may make the next one valid. A refused set leaves the section as it was.
     *
     * @throws IllegalArgumentException naming {@code inference.<field>} and what is wrong
     */
    @SuppressWarnings("unchecked")
    public static void overrideInference(InferenceConfig inference, Map<String, String> values) {
        Map<String, Object> fields = YAML.convertValue(inference, LinkedHashMap.class);
        Map<String, Object> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String field = e.getKey();
            if (!fields.containsKey(field)) {
                throw new IllegalArgumentException("inference." + field + ": unknown field (known here: "
                        + fields.keySet().stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
            Object v;
            try {
                // a text field takes the text as given (YAML would read "yes" as true, "1.0" as a number)
                v = fields.get(field) instanceof String ? e.getValue() : YAML.readValue(e.getValue(), Object.class);
            } catch (IOException ex) {
                throw new IllegalArgumentException("inference." + field + ": not a YAML value: " + e.getValue(), ex);
            }
            parsed.put(field, v == null ? "" : v);
        }
        fields.putAll(parsed);
        InferenceConfig checked;
        try {
            checked = YAML.convertValue(fields, InferenceConfig.class);
        } catch (IllegalArgumentException e) {
            throw e.getCause() instanceof JsonMappingException jm
                    ? new IllegalArgumentException("inference." + field(jm) + ": " + problem(jm), e) : e;
        }
        checked.check();
        try {
            YAML.updateValue(inference, parsed);
        } catch (JsonMappingException e) {
            throw new IllegalStateException("inference: values that converted did not apply", e);
        }
    }

    public static void save(DetectorConfig config, Path file) throws IOException {
        YAML.writeValue(file.toFile(), config);
    }

    public static DetectorConfig copy(DetectorConfig config) {
        return YAML.convertValue(YAML.convertValue(config, Map.class), DetectorConfig.class);
    }
}
