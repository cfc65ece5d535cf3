package io.ainnoface.zoo;

import ai.djl.Application;
import ai.djl.MalformedModelException;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.BaseModelLoader;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.Progress;
import io.ainnoface.infer.BundledModel;
import io.ainnoface.infer.FaceTranslatorFactory;
import io.ainnoface.infer.OnnxSessions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The DJL model zoo of the shipped face detector: with {@code io.ainnoface:ainnoface-model} on the class path,
 * {@code Criteria.builder().setTypes(Image.class, DetectedObjects.class).optGroupId("io.ainnoface")
 * .optArtifactId("ainnoface-mobilenet").build()} loads it with no path and no translator factory (as DJL's own zoos
 * do), in ONNX Runtime on the folder's ONNX export or, with {@code optEngine("PyTorch")}, on PyTorch. Without that artifact the
 * zoo is empty. Application {@code cv/object_detection}, one class, {@code face}.
 */
public class AInnoFaceModelZoo extends ModelZoo {
    public static final String GROUP_ID = "io.ainnoface";

    public AInnoFaceModelZoo() {
        this(AInnoFaceModelZoo.class.getClassLoader());
    }

    AInnoFaceModelZoo(ClassLoader loader) {
        // a resource lookup only: DJL builds every zoo on its first Criteria, and the copy out of a jar waits for a load
        if (BundledModel.isOnClassPath(loader)) {
            addModel(new BundledLoader());
        }
    }

    @Override
    public String getGroupId() {
        return GROUP_ID;
    }

    @Override
    public Set<String> getSupportedEngines() {
        return Set.of("PyTorch", "OnnxRuntime");
    }

    /**
     * Finds the shipped model folder ({@link BundledModel#folder()}) the first time it is listed or loaded, then loads
     * it as a local folder whose translator factory is ours unless the criteria name another.
     */
    static final class BundledLoader implements ModelLoader {
        private BaseModelLoader folder;

        private synchronized BaseModelLoader folder() throws IOException {
            if (folder == null) {
                Path dir = BundledModel.folder();
                MRL mrl = Repository.newInstance(BundledModel.NAME, dir)
                        .model(getApplication(), GROUP_ID, BundledModel.NAME, "0.1.0");
                folder = new BaseModelLoader(mrl) {
                    {
                        defaultFactory = new FaceTranslatorFactory();
                    }
                };
            }
            return folder;
        }

        @Override
        public String getGroupId() {
            return GROUP_ID;
        }

        @Override
        public String getArtifactId() {
            return BundledModel.NAME;
        }

        @Override
        public Application getApplication() {
            return Application.CV.OBJECT_DETECTION;
        }

        @Override
        public MRL getMrl() {
            try {
                return folder().getMrl();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria)
                throws IOException, ModelNotFoundException, MalformedModelException {
            return OnnxSessions.loadModel(criteria, folder()::loadModel);
        }

        @Override
        public <I, O> boolean isDownloaded(Criteria<I, O> criteria) {
            return true; // it comes with the class path
        }

        @Override
        public <I, O> void downloadModel(Criteria<I, O> criteria, Progress progress) {
            // nothing to download
        }

        @Override
        public String toString() {
            return GROUP_ID + ":" + BundledModel.NAME + " (the class path's shipped model)";
        }
    }
}
