package io.ainnoface.util;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the application lives ({@code -Dainnoface.home}, set by {@code bin/ainnoface}) and path lookup. */
public final class AppPaths {
    private AppPaths() {}

    public static Path home() {
        return Path.of(System.getProperty("ainnoface.home", ".")).toAbsolutePath().normalize();
    }

    /** The bundled default model folder. */
    public static Path defaultModel() {
        return home().resolve("models").resolve("ainnoface-mobilenet");
    }

    /** The shared data folder ({@code -Dainnoface.shared}, else {@code ../shared} next to home). */
    public static Path shared() {
        String p = System.getProperty("ainnoface.shared");
        return (p != null ? Path.of(p) : home().resolve("..").resolve("shared")).toAbsolutePath().normalize();
    }

    /** {@code p} as given if it exists (relative to the working directory), else relative to home. */
    public static Path resolve(String p) {
        Path given = Path.of(p);
        if (given.isAbsolute() || Files.exists(given)) {
            return given;
        }
        Path inHome = home().resolve(p);
        return Files.exists(inHome) ? inHome : given;
    }
}
