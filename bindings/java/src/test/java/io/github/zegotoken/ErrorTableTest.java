package io.github.zegotoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * ZegoTokenException's constants (ErrorCodes, generated from src/error.rs) are the native
 * library's own table, exactly, and SUCCESS (0).
 */
class ErrorTableTest {
    @Test
    void constantsMatchTheNativeTable() throws Exception {
        String[] table = Native.errorTable();
        assertTrue(table.length >= 3 * 30 && table.length % 3 == 0);
        Map<String, Integer> fromNative = new TreeMap<String, Integer>();
        fromNative.put("SUCCESS", 0);
        Map<Integer, String> messages = new HashMap<Integer, String>();
        for (int i = 0; i < table.length; i += 3) {
            String name = table[i + 1];
            assertTrue(name.startsWith("ZEGO_"), name);
            fromNative.put(name.substring("ZEGO_".length()), Integer.parseInt(table[i]));
            messages.put(Integer.parseInt(table[i]), table[i + 2]);
        }
        Map<String, Integer> fromJava = new TreeMap<String, Integer>();
        // getFields: the public ones, those inherited from ErrorCodes among them.
        for (Field f : ZegoTokenException.class.getFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && f.getType() == int.class) {
                fromJava.put(f.getName(), f.getInt(null));
            }
        }
        assertEquals(fromNative, fromJava);
        assertTrue(ErrorCodes.class.isAssignableFrom(ZegoTokenException.class));
        // And an exception carries the table's message for its code.
        ZegoTokenException e = null;
        try {
            ZegoToken.generateToken04(0, "u", TestData.SECRET, 1, "");
        } catch (ZegoTokenException x) {
            e = x;
        }
        assertEquals(ZegoTokenException.APP_ID_INVALID, e.code());
        assertEquals(messages.get(1) + " (code 1)", e.getMessage());
    }
}
