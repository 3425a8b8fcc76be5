package io.github.zegotoken;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads the JNI library bundled in the jar, once: the resource
 * {@code native/<platform>/libzego_token_jni.so} is copied into a new private temporary directory
 * (mode 0700, the file 0600), loaded with {@link System#load} and deleted again (the loaded
 * mapping stays valid), so nothing is left behind and no other user can swap the file.
 *
 * <p>The system property {@code zegotoken.library.path} names a library file to load instead
 * (for a platform the jar does not carry).
 */
final class NativeLoader {
    /** Every platform this artifact can carry, as {@code os-arch}. */
    static final String[] KNOWN_PLATFORMS = {"linux-x86_64", "linux-aarch64"};
    static final String LIBRARY = "libzego_token_jni.so";

    private static boolean loaded;

    private NativeLoader() {}

    static synchronized void load() {
        if (loaded) {
            return;
        }
        String override = System.getProperty("zegotoken.library.path");
        if (override != null && !override.isEmpty()) {
            System.load(override);
        } else {
            String platform = platform(System.getProperty("os.name", ""),
                    System.getProperty("os.arch", ""));
            URL resource = resource(platform, NativeLoader.class.getClassLoader());
            try {
                loadExtracted(resource);
            } catch (IOException e) {
                UnsatisfiedLinkError error = new UnsatisfiedLinkError(
                        "zego-token: could not extract its native library for " + platform
                                + " to a temporary file: " + e.getMessage());
                error.initCause(e);
                throw error;
            }
        }
        loaded = true;
    }

    /** {@code linux-x86_64}-style name of an {@code os.name} and {@code os.arch}. */
    static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            os = "linux";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            os = "darwin";
        } else if (os.startsWith("windows")) {
            os = "windows";
        } else {
            os = os.replaceAll("[^a-z0-9]+", "");
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x64")) {
            arch = "x86_64";
        } else if (arch.equals("aarch64") || arch.equals("arm64")) {
            arch = "aarch64";
        } else {
            arch = arch.replaceAll("[^a-z0-9_]+", "");
        }
        return os + "-" + arch;
    }

    /** The resource path of the library for a platform. */
    static String resourcePath(String platform) {
        return "native/" + platform + "/" + LIBRARY;
    }

    /** The platforms whose library {@code loader} finds. */
    static List<String> bundledPlatforms(ClassLoader loader) {
        List<String> found = new ArrayList<String>();
        for (String p : KNOWN_PLATFORMS) {
            if (loader.getResource(resourcePath(p)) != null) {
                found.add(p);
            }
        }
        return found;
    }

    /**
     * The bundled library for {@code platform}, or an {@link UnsatisfiedLinkError} that names the
     * platform and the ones the jar supports.
     */
    static URL resource(String platform, ClassLoader loader) {
        URL url = loader.getResource(resourcePath(platform));
        if (url == null) {
            List<String> supported = bundledPlatforms(loader);
            throw new UnsatisfiedLinkError("zego-token: no native library for this platform ("
                    + platform + ", from os.name=" + System.getProperty("os.name") + " os.arch="
                    + System.getProperty("os.arch") + "); this jar supports: "
                    + (supported.isEmpty() ? "none" : String.join(", ", supported))
                    + ". Set -Dzegotoken.library.path=/path/to/" + LIBRARY
                    + " to load one built for it (cargo build --release in bindings/java/native).");
        }
        return url;
    }

    private static void loadExtracted(URL resource) throws IOException {
        Path file = extract(resource);
        try {
            System.load(file.toAbsolutePath().toString());
        } finally {
            // On Linux the loaded library stays mapped after its file is gone.
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        }
    }

    /**
     * Copies the library into a new temporary directory only its owner can enter (0700), as a
     * file only its owner can read and write (0600); returns the file.
     */
    static Path extract(URL resource) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path dir = posix
                ? Files.createTempDirectory("zego-token-jni-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory("zego-token-jni-");
        Path file = dir.resolve(LIBRARY);
        boolean done = false;
        try {
            if (posix) {
                Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            // Written through the file just created (0600): Files.copy would replace it with a
            // new file of default permissions.
            InputStream in = resource.openStream();
            try {
                OutputStream out = Files.newOutputStream(file);
                try {
                    byte[] buf = new byte[64 * 1024];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        out.write(buf, 0, n);
                    }
                } finally {
                    out.close();
                }
            } finally {
                in.close();
            }
            done = true;
            return file;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        }
    }
}
