package io.ainnoface.peers;

import io.ainnoface.box.Boxes;
import io.ainnoface.infer.Face;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The peers' shared post-processing: threshold, keep the best candidates, hard NMS, cap. */
final class Nms {
    private Nms() {}

    static List<Face> select(List<Face> faces, double threshold, int candidates, double iou, int keep) {
        List<Face> c = new ArrayList<>();
        for (Face f : faces) {
            if (f.score() > threshold) {
                c.add(f);
            }
        }
        c.sort(Comparator.comparingDouble(f -> -f.score()));
        if (c.size() > candidates) {
            c = c.subList(0, candidates);
        }
        float[] boxes = new float[c.size() * 4];
        float[] scores = new float[c.size()];
        for (int i = 0; i < c.size(); i++) {
            Face f = c.get(i);
            boxes[4 * i] = f.x1();
            boxes[4 * i + 1] = f.y1();
            boxes[4 * i + 2] = f.x2();
            boxes[4 * i + 3] = f.y2();
            scores[i] = f.score();
        }
        int[] kept = Boxes.nms(boxes, scores, iou);
        List<Face> out = new ArrayList<>();
        for (int k = 0; k < kept.length && out.size() < keep; k++) {
            out.add(c.get(kept[k]));
        }
        return out;
    }
}
