package io.github.zegotoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;

import org.junit.jupiter.api.Test;

class LoaderTest {
    @Test
    void platformNames() {
        assertEquals("linux-x86_64", NativeLoader.platform("Linux", "amd64"));
        assertEquals("linux-aarch64", NativeLoader.platform("Linux", "aarch64"));
        assertEquals("darwin-aarch64", NativeLoader.platform("Mac OS X", "aarch64"));
        assertEquals("windows-x86_64", NativeLoader.platform("Windows 11", "amd64"));
        assertEquals("freebsd-riscv64", NativeLoader.platform("FreeBSD", "riscv64"));
    }

    @Test
    void missingPlatformNamesItAndTheSupportedOnes() {
        ClassLoader jar = LoaderTest.class.getClassLoader();
        assertEquals(Collections.singletonList("linux-x86_64"), NativeLoader.bundledPlatforms(jar));
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class,
                () -> NativeLoader.resource("darwin-aarch64", jar));
        assertTrue(e.getMessage().contains("darwin-aarch64"), e.getMessage());
        assertTrue(e.getMessage().contains("this jar supports: linux-x86_64"), e.getMessage());
        // A class path without any native library says so.
        ClassLoader empty = new URLClassLoader(new URL[0], null);
        UnsatisfiedLinkError none = assertThrows(UnsatisfiedLinkError.class,
                () -> NativeLoader.resource("linux-x86_64", empty));
        assertTrue(none.getMessage().contains("this jar supports: none"), none.getMessage());
    }

    @Test
    void extractsToAPrivateFile() throws Exception {
        URL url = NativeLoader.resource("linux-x86_64", LoaderTest.class.getClassLoader());
        Path file = NativeLoader.extract(url);
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
            assertTrue(Files.size(file) > 100000);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        }
        // The loaded library works.
        assertEquals(ZegoToken.version(), Native.version());
    }
}
