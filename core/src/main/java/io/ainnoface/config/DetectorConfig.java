package io.ainnoface.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Everything a model folder or a training run needs: architecture, inference and training. */
public class DetectorConfig {
    public String name = "ainnoface";
    public ModelConfig model = new ModelConfig();
    public InferenceConfig inference = new InferenceConfig();
    public TrainConfig train = new TrainConfig();
    /** The second-stage verifier of the test-time augmentation, or null for none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public VerifierConfig verifier;
}
