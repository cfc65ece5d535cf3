package io.ainnoface.zoo;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;

/** Registers {@link AInnoFaceModelZoo} with DJL (named in {@code META-INF/services}). */
public class AInnoFaceZooProvider implements ZooProvider {
    @Override
    public ModelZoo getModelZoo() {
        return new AInnoFaceModelZoo();
    }
}
