package io.ainnoface.infer;

/** Reads the two JPEG header facts ImageIO ignores: EXIF orientation and the Adobe APP14 marker. */
final class Jpeg {
    private Jpeg() {}

    /** EXIF orientation tag (0x0112) of a JPEG, or 1 if absent or unreadable. */
    static int exifOrientation(byte[] b) {
        int i = 2;
        if (b.length < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) {
            return 1;
        }
        while (i + 4 <= b.length && (b[i] & 0xff) == 0xFF) {
            int marker = b[i + 1] & 0xff;
            int len = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (marker == 0xDA || marker == 0xD9) {
                return 1;
            }
            int seg = i + 4;
            if (marker == 0xE1 && seg + 6 <= b.length && b[seg] == 'E' && b[seg + 1] == 'x'
                    && b[seg + 2] == 'i' && b[seg + 3] == 'f') {
                return tiffOrientation(b, seg + 6, Math.min(b.length, i + 2 + len));
            }
            i += 2 + len;
        }
        return 1;
    }

    private static int tiffOrientation(byte[] b, int t, int end) {
        if (t + 8 > end) {
            return 1;
        }
        boolean le = b[t] == 'I';
        int ifd = t + u32(b, t + 4, le);
        if (ifd + 2 > end) {
            return 1;
        }
        int n = u16(b, ifd, le);
        for (int k = 0; k < n; k++) {
            int e = ifd + 2 + 12 * k;
            if (e + 12 > end) {
                return 1;
            }
            if (u16(b, e, le) == 0x0112) {
                int v = u16(b, e + 8, le);
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    static boolean hasAdobeMarker(byte[] b) {
        int i = 2;
        while (i + 4 <= b.length && (b[i] & 0xff) == 0xFF) {
            int marker = b[i + 1] & 0xff;
            int len = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (marker == 0xDA) {
                return false;
            }
            if (marker == 0xEE && i + 9 <= b.length && b[i + 4] == 'A' && b[i + 5] == 'd'
                    && b[i + 6] == 'o' && b[i + 7] == 'b' && b[i + 8] == 'e') {
                return true;
            }
            i += 2 + len;
        }
        return false;
    }

    private static int u16(byte[] b, int i, boolean le) {
        return le ? (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) : ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static int u32(byte[] b, int i, boolean le) {
        return le ? u16(b, i, true) | (u16(b, i + 2, true) << 16) : (u16(b, i, false) << 16) | u16(b, i + 2, false);
    }
}
