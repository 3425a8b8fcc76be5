package io.github.zegotoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class GeneratorTest {
    private static final String SECRET = TestData.SECRET;

    @Test
    void gcmByDefaultAndCbcOnRequest() throws Exception {
        try (Generator g = new Generator(9, SECRET)) {
            assertEquals(Mode.GCM, g.mode());
            assertEquals(9, g.appId());
            String t = g.generate("u", 60);
            assertEquals(Mode.GCM, TestData.open(t, SECRET).mode);
            assertEquals(9, ZegoToken.verify(t, SECRET, 9).appId());
        }
        try (Generator g = new Generator(9, SECRET, Mode.CBC)) {
            String t = g.generate("u", 60, "p");
            TestData.Opened o = TestData.open(t, SECRET);
            assertEquals(Mode.CBC, o.mode);
            assertEquals("p", o.json.getString("payload"));
        }
    }

    @Test
    void constructorAndCallsCheckInTheOfficialOrder() {
        assertEquals(1, assertThrows(ZegoTokenException.class, () -> new Generator(0, null, null)).code());
        assertEquals(5, assertThrows(ZegoTokenException.class, () -> new Generator(1, "x", null)).code());
        assertEquals(106, assertThrows(ZegoTokenException.class, () -> new Generator(1, SECRET, null)).code());
        try (Generator g = new Generator(1, SECRET)) {
            assertEquals(3, assertThrows(ZegoTokenException.class, () -> g.generate("", 0, "\ud800")).code());
            assertEquals(6, assertThrows(ZegoTokenException.class, () -> g.generate("u", 0, "\ud800")).code());
            assertEquals(101, assertThrows(ZegoTokenException.class, () -> g.generate("u", 1, "\ud800")).code());
        }
    }

    @Test
    void closedGeneratorThrowsAndClosingTwiceIsHarmless() {
        Generator g = new Generator(1, SECRET);
        g.generate("u", 60);
        g.close();
        g.close();
        assertTrue(g.isClosed());
        ZegoTokenException e = assertThrows(ZegoTokenException.class, () -> g.generate("u", 60));
        assertEquals(ZegoTokenException.NULL_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertTrue(g.toString().contains("closed"));
    }

    @Test
    void threadsShareOneGenerator() throws Exception {
        int threads = 4;
        int perThread = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Generator g = new Generator(42, SECRET)) {
            List<Future<List<String>>> futures = new ArrayList<Future<List<String>>>();
            for (int t = 0; t < threads; t++) {
                final int id = t;
                futures.add(pool.submit(() -> {
                    List<String> out = new ArrayList<String>();
                    for (int i = 0; i < perThread; i++) {
                        out.add(g.generate("user-" + id + "-" + i, 100, "p" + i));
                    }
                    return out;
                }));
            }
            Set<String> all = new HashSet<String>();
            for (int t = 0; t < threads; t++) {
                List<String> tokens = futures.get(t).get(60, TimeUnit.SECONDS);
                for (int i = 0; i < perThread; i += 97) {
                    TokenClaims c = ZegoToken.verify(tokens.get(i), SECRET, 42);
                    assertEquals("user-" + t + "-" + i, c.userId());
                    assertEquals("p" + i, c.payload());
                }
                all.addAll(tokens);
            }
            assertEquals(threads * perThread, all.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeRacingInFlightCallsIsSafe() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 50; round++) {
                Generator g = new Generator(5, SECRET, round % 2 == 0 ? Mode.GCM : Mode.CBC);
                CountDownLatch started = new CountDownLatch(threads);
                AtomicInteger made = new AtomicInteger();
                List<Future<?>> futures = new ArrayList<Future<?>>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        started.countDown();
                        for (;;) {
                            String token;
                            try {
                                token = g.generate("u", 100);
                            } catch (ZegoTokenException closed) {
                                assertEquals(ZegoTokenException.NULL_ARGUMENT, closed.code());
                                return null;
                            }
                            made.incrementAndGet();
                            // Every token made, even while closing, is whole and valid.
                            assertEquals(5, ZegoToken.decode(token, SECRET).appId());
                        }
                    }));
                }
                started.await();
                Thread.sleep(round % 5);
                g.close();
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertEquals(ZegoTokenException.NULL_ARGUMENT,
                        assertThrows(ZegoTokenException.class, () -> g.generate("u", 1)).code());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
