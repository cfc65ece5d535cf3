package io.ainnoface.data;

import java.util.List;

/** An image of a WIDER FACE split: its path relative to the images folder and its faces. */
public record WiderImage(String path, List<WiderFace> faces) {

    /** The faces as {@code xyxy} boxes (n·4). */
    public float[] boxesXyxy() {
        float[] b = new float[faces.size() * 4];
        for (int i = 0; i < faces.size(); i++) {
            WiderFace f = faces.get(i);
            b[4 * i] = f.x();
            b[4 * i + 1] = f.y();
            b[4 * i + 2] = f.x2();
            b[4 * i + 3] = f.y2();
        }
        return b;
    }

    /** Event folder ({@code 0--Parade}). */
    public String event() {
        int i = path.indexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }

    /** File name without folder and extension. */
    public String stem() {
        String n = path.substring(path.lastIndexOf('/') + 1);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }
}
