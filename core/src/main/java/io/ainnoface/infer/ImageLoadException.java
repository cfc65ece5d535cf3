package io.ainnoface.infer;

import java.io.IOException;
import java.nio.file.Path;

/** An image that cannot be used; the message names the file and says why, in one line. */
public class ImageLoadException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the image cannot be used (servers map it to a status code). */
    public enum Kind { UNREADABLE, NOT_AN_IMAGE, BROKEN, TOO_LARGE, TOO_SMALL }

    private final Kind kind;

    public ImageLoadException(Path file, String reason) {
        this(file, Kind.BROKEN, reason);
    }

    public ImageLoadException(Path file, Kind kind, String reason) {
        super(file + ": " + reason);
        this.kind = kind;
    }

    public ImageLoadException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.kind = Kind.BROKEN;
    }

    public Kind kind() {
        return kind;
    }
}
