package jobproxy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary folders of a benchmark's parts, deleted when the part is done. Hazard it removes: every measured server
 * left its database, journal and paging files (~170 MiB) in /tmp; a few dozen runs filled the disk past Artemis's
 * max-disk-usage (90 %), and the broker then blocked every send of the test suite run after them (AMQ222212).
 */
public final class ScratchDirs {
    private ScratchDirs() {
    }

    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the folder and everything in it; what cannot be deleted stays (it is in the temp folder anyway). */
    public static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // already gone, or unreadable: nothing more to do for a temp folder
        }
    }
}
