package io.ainnoface.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Repeat-factor sampling of the images that hold a hard large face: a valid face at least {@code minSize} px
 * ({@code sqrt(w·h)}) that WIDER marks occluded (partly or heavily) or in an atypical pose. On devval 62 % of the
 * 40 large faces the detector scores lowest are such faces, against 8 % of the others (session 37), and the train
 * split holds 556 of them in 335 of its 1,863 images: listing those images more than once an epoch gives those
 * faces more of the gradient without changing any crop or label. Tried once (session 37, ft41, 3 repeats): the
 * small and medium faces lost and the large bin did not move, so it is off by default.
 */
public final class HardFaceRepeat {
    private HardFaceRepeat() {}

    /** Whether {@code f} is a hard large face: valid, at least {@code minSize} px, occluded or turned. */
    public static boolean hard(WiderFace f, double minSize) {
        return f.invalid() == 0 && f.size() >= minSize
                && (f.occlusion() >= 1 || f.pose() == 1);
    }

    /**
     * @param repeats how many times an image with a hard large face is listed (1 = every image once)
     * @return {@code images} in their order, each image with a hard large face followed by {@code repeats - 1}
     *     copies of itself (an epoch's shuffle then spreads them)
     */
    public static List<WiderImage> apply(List<WiderImage> images, int repeats, double minSize) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        if (repeats == 1) {
            return images;
        }
        List<WiderImage> out = new ArrayList<>();
        for (WiderImage wi : images) {
            boolean anyHard = wi.faces().stream().anyMatch(f -> hard(f, minSize));
            for (int k = 0; k < (anyHard ? repeats : 1); k++) {
                out.add(wi);
            }
        }
        return out;
    }
}
