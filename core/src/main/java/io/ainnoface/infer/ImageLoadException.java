package io.ainnoface.infer;

import java.io.IOException;
import java.nio.file.Path;

/** An image that cannot be used; the message names the file and says why, in one line. */
public class ImageLoadException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageLoadException(Path file, String reason) {
        super(file + ": " + reason);
    }

    public ImageLoadException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
    }
}
