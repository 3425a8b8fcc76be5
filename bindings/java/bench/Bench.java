import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.zegotoken.Generator;
import io.github.zegotoken.Mode;
import io.github.zegotoken.TokenServerAssistant;
import io.github.zegotoken.ZegoToken;

/**
 * ns/token through the Java API against the C figures of the same run (make java-bench), and
 * against a plain-Java generator doing the official Java SDK's per-token work (written here for
 * the benchmark, without its printing): a JSON object serialized, a new AES/CBC/PKCS5Padding
 * Cipher per token, the packing and base64. Same inputs as examples/c/bench.c.
 *
 * Usage: java -cp zego-token.jar:. Bench C_JSON [rounds [tokens-per-round]]
 */
public class Bench {
    static final String SECRET = "fa94dd0f974cf2e293728a526b028271";
    static final String USER = "user-000001";
    static String payload;
    static Generator genCbc;
    static Generator genGcm;
    static volatile int sink;

    interface Api {
        String run() throws Exception;
    }

    /** The official SDK's per-token work, in plain Java. */
    static String plainJava() throws Exception {
        Map<String, Object> json = new LinkedHashMap<String, Object>();
        long now = System.currentTimeMillis() / 1000;
        long expire = now + 3600;
        json.put("app_id", 1L);
        json.put("user_id", USER);
        json.put("nonce", (long) ThreadLocalRandom.current().nextInt());
        json.put("ctime", now);
        json.put("expire", expire);
        json.put("payload", payload);
        byte[] content = toJson(json).getBytes(StandardCharsets.UTF_8);
        byte[] iv = new byte[16];
        ThreadLocalRandom.current().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(SECRET.getBytes(), "AES"),
                new IvParameterSpec(iv));
        byte[] ct = cipher.doFinal(content);
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + iv.length + 2 + ct.length);
        b.putLong(expire);
        b.putShort((short) iv.length).put(iv);
        b.putShort((short) ct.length).put(ct);
        return "04" + Base64.getEncoder().encodeToString(b.array());
    }

    /** A small JSON writer, as json-simple's JSONObject.toString does it. */
    static String toJson(Map<String, Object> map) {
        StringBuilder sb = new StringBuilder(128);
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v instanceof String) {
                quote(sb, (String) v);
            } else {
                sb.append(v);
            }
        }
        return sb.append('}').toString();
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '/': sb.append("\\/"); break;
                case '\n': sb.append("\\n"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    static double round(Api api, int n) throws Exception {
        long t0 = System.nanoTime();
        int acc = 0;
        for (int i = 0; i < n; i++) {
            acc += api.run().length();
        }
        long t1 = System.nanoTime();
        sink += acc;
        return (double) (t1 - t0) / n;
    }

    static double median(List<Double> v) {
        Double[] a = v.toArray(new Double[0]);
        Arrays.sort(a);
        return a[a.length / 2];
    }

    static double cFigure(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ([0-9.]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + key + " in the C figures");
        }
        return Double.parseDouble(m.group(1));
    }

    public static void main(String[] args) throws Exception {
        String c = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 201;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        payload = ZegoToken.buildRtcRoomPayload("room-0001", true, true, null);
        genCbc = new Generator(1, SECRET, Mode.CBC);
        genGcm = new Generator(1, SECRET, Mode.GCM);
        String[] names = {
            "ZegoToken.generateToken04 (CBC one-shot)",
            "ZegoToken.generateToken04Gcm (one-shot)",
            "TokenServerAssistant.generateToken04",
            "Generator.generate (CBC)",
            "Generator.generate (GCM)",
            "plain Java, official SDK's work (CBC)",
        };
        Api[] apis = {
            () -> ZegoToken.generateToken04(1, USER, SECRET, 3600, payload),
            () -> ZegoToken.generateToken04Gcm(1, USER, SECRET, 3600, payload),
            () -> TokenServerAssistant.generateToken04(1, USER, SECRET, 3600, payload).data,
            () -> genCbc.generate(USER, 3600, payload),
            () -> genGcm.generate(USER, 3600, payload),
            Bench::plainJava,
        };
        // The plain-Java token is a real token04: the library decodes it.
        if (!ZegoToken.decode(plainJava(), SECRET).payload().equals(payload)) {
            throw new AssertionError("the plain-Java generator's token does not decode");
        }
        // Warm up (JIT): a few thousand tokens of each.
        for (int w = 0; w < 20; w++) {
            for (Api a : apis) {
                round(a, 500);
            }
        }
        List<List<Double>> samples = new ArrayList<List<Double>>();
        for (int i = 0; i < apis.length; i++) {
            samples.add(new ArrayList<Double>());
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < apis.length; i++) {
                samples.get(i).add(round(apis[i], n));
            }
        }
        double[] ns = new double[apis.length];
        for (int i = 0; i < apis.length; i++) {
            ns[i] = median(samples.get(i));
        }
        System.out.printf(Locale.ROOT, "java %s, zego-token %s; %d rounds of %d tokens per API, interleaved; medians%n",
                System.getProperty("java.version"), ZegoToken.version(), rounds, n);
        System.out.printf(Locale.ROOT, "%-42s %9s  %-16s %8s  %6s  target%n", "Java API", "ns/token", "against", "ns/token", "ratio");
        int missed = 0;
        String[] cKeys = {"oneshot_cbc", "oneshot_gcm", "oneshot_cbc", "generator_cbc", "generator_gcm"};
        double[] targets = {2.5, 0, 0, 2.5, 2.5};
        for (int i = 0; i < 5; i++) {
            double cns = cFigure(c, cKeys[i]);
            double ratio = ns[i] / cns;
            boolean ok = ratio <= targets[i];
            if (targets[i] > 0 && !ok) {
                missed++;
            }
            System.out.printf(Locale.ROOT, "%-42s %9.0f  C %-14s %8.0f  %5.2fx  %s%n", names[i], ns[i], cKeys[i], cns, ratio,
                    targets[i] > 0 ? String.format(Locale.ROOT, "<= %.1fx %s", targets[i], ok ? "met" : "missed") : "(reported)");
        }
        double plain = ns[5];
        System.out.printf(Locale.ROOT, "%-42s %9.0f%n", names[5], plain);
        for (int i : new int[] {0, 3, 4}) {
            double speedup = plain / ns[i];
            boolean ok = speedup >= 5;
            if (!ok && i != 0) {
                missed++;
            }
            System.out.printf(Locale.ROOT, "%-42s %5.2fx faster than plain Java  %s%n", names[i], speedup,
                    i == 0 ? "(reported)" : (ok ? ">= 5x met" : ">= 5x missed"));
        }
        StringBuilder j = new StringBuilder("{");
        String[] keys = {"oneshot_cbc", "oneshot_gcm", "official_shape", "generator_cbc", "generator_gcm", "plain_java"};
        for (int i = 0; i < keys.length; i++) {
            j.append(i > 0 ? ", " : "").append('"').append(keys[i]).append("\": ")
                    .append(String.format(Locale.ROOT, "%.1f", ns[i]));
        }
        System.out.println(j.append('}'));
        genCbc.close();
        genGcm.close();
        if (missed > 0) {
            System.out.println(missed + " target(s) missed");
        }
    }
}
