package zegotoken

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const secret = "fa94dd0f974cf2e293728a526b028271"

var raceEnabled bool // set by race_test.go under -race

// ---- an independent decoder: Go's crypto/aes and crypto/cipher, not the library ----

type rawClaims struct {
	AppID   uint32 `json:"app_id"`
	UserID  string `json:"user_id"`
	Nonce   int64  `json:"nonce"`
	Ctime   int64  `json:"ctime"`
	Expire  int64  `json:"expire"`
	Payload string `json:"payload"`
}

type opened struct {
	mode      Mode
	expire    int64 // from the header
	iv        []byte
	plaintext []byte
	claims    rawClaims
}

func openToken(t *testing.T, token, key string) opened {
	t.Helper()
	if !strings.HasPrefix(token, "04") {
		t.Fatalf("no 04 prefix: %q", token)
	}
	raw, err := base64.StdEncoding.DecodeString(token[2:])
	if err != nil {
		t.Fatalf("base64: %v", err)
	}
	var o opened
	if len(raw) < 12 {
		t.Fatalf("token too short")
	}
	o.expire = int64(binary.BigEndian.Uint64(raw))
	ivLen := int(binary.BigEndian.Uint16(raw[8:]))
	o.iv = raw[10 : 10+ivLen]
	rest := raw[10+ivLen:]
	ctLen := int(binary.BigEndian.Uint16(rest))
	ct := rest[2 : 2+ctLen]
	trailer := rest[2+ctLen:]
	block, err := aes.NewCipher([]byte(key))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case len(trailer) == 0: // CBC
		o.mode = ModeCBC
		if ivLen != 16 || len(ct)%16 != 0 || len(ct) == 0 {
			t.Fatalf("bad CBC layout: iv %d ct %d", ivLen, len(ct))
		}
		pt := make([]byte, len(ct))
		cipher.NewCBCDecrypter(block, o.iv).CryptBlocks(pt, ct)
		pad := int(pt[len(pt)-1])
		if pad < 1 || pad > 16 || !bytes.Equal(pt[len(pt)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
			t.Fatalf("bad PKCS#7 padding")
		}
		o.plaintext = pt[:len(pt)-pad]
	case len(trailer) == 1 && trailer[0] == 1: // GCM
		o.mode = ModeGCM
		aead, err := cipher.NewGCM(block)
		if err != nil {
			t.Fatal(err)
		}
		if ivLen != aead.NonceSize() {
			t.Fatalf("bad GCM nonce length %d", ivLen)
		}
		o.plaintext, err = aead.Open(nil, o.iv, ct, nil)
		if err != nil {
			t.Fatalf("GCM open: %v", err)
		}
	default:
		t.Fatalf("bad trailer %x", trailer)
	}
	dec := json.NewDecoder(bytes.NewReader(o.plaintext))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o.claims); err != nil {
		t.Fatalf("claims JSON %q: %v", o.plaintext, err)
	}
	if o.claims.Expire != o.expire {
		t.Fatalf("header expire %d, claims expire %d", o.expire, o.claims.Expire)
	}
	return o
}

// checkToken opens token independently and with Decode, and checks the claims against the inputs.
func checkToken(t *testing.T, token string, mode Mode, appID uint32, userID string, ttl int64, payload string) opened {
	t.Helper()
	now := time.Now().Unix()
	o := openToken(t, token, secret)
	c := o.claims
	if o.mode != mode || c.AppID != appID || c.UserID != userID || c.Payload != payload ||
		c.Expire-c.Ctime != ttl || c.Ctime < now-5 || c.Ctime > now+1 {
		t.Fatalf("independent decode: mode %s, %+v; want mode %s app %d user %q ttl %d payload %q",
			o.mode, c, mode, appID, userID, ttl, payload)
	}
	if mode == ModeCBC {
		if !regexp.MustCompile(`^[0-9a-z]{16}$`).Match(o.iv) {
			t.Fatalf("CBC IV is not 16 characters 0-9a-z: %q", o.iv)
		}
	}
	d, err := Decode(token, secret)
	if err != nil {
		t.Fatal(err)
	}
	want := Claims{AppID: c.AppID, UserID: c.UserID, Nonce: c.Nonce, Ctime: c.Ctime, Expire: c.Expire, Payload: c.Payload, Mode: mode}
	if d != want {
		t.Fatalf("Decode %+v, independent decoder %+v", d, want)
	}
	return o
}

func readJSON(t *testing.T, name string, v interface{}) {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name) // copies of tests/data, compared by ci-test.sh
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

type vectorCase struct {
	Name, Mode, Secret, Payload, Token, Plaintext string
	UserID                                        string `json:"user_id"`
	AppID                                         uint32 `json:"app_id"`
	TTL                                           int64  `json:"effective_time_in_seconds"`
	Ctime, Nonce                                  int64
	IVHex                                         string `json:"iv_hex"`
}

type vectorError struct {
	Name    string
	AppID   uint32 `json:"app_id"`
	UserID  string `json:"user_id"`
	Secret  string
	TTL     int64 `json:"effective_time_in_seconds"`
	Payload string
	Code    interface{} `json:"error_code"`
}

func vectors(t *testing.T) ([]vectorCase, []vectorError) {
	var v struct {
		Cases  []vectorCase  `json:"cases"`
		Errors []vectorError `json:"errors"`
	}
	readJSON(t, "token04-vectors.json", &v)
	if len(v.Cases) < 14 || len(v.Errors) < 14 {
		t.Fatalf("%d cases, %d errors", len(v.Cases), len(v.Errors))
	}
	return v.Cases, v.Errors
}

// The official vectors decode, with the independent decoder (which checks the decoder) and Decode.
func TestVectorsDecode(t *testing.T) {
	cases, _ := vectors(t)
	for _, c := range cases {
		o := openToken(t, c.Token, c.Secret)
		if string(o.plaintext) != c.Plaintext || string(o.mode) != c.Mode || fmt.Sprintf("%x", o.iv) != c.IVHex {
			t.Fatalf("%s: independent decoder: %s %q", c.Name, o.mode, o.plaintext)
		}
		d, err := Decode(c.Token, c.Secret)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		want := Claims{AppID: c.AppID, UserID: c.UserID, Nonce: c.Nonce, Ctime: c.Ctime, Expire: c.Ctime + c.TTL, Payload: c.Payload, Mode: Mode(c.Mode)}
		if d != want {
			t.Fatalf("%s: Decode %+v, want %+v", c.Name, d, want)
		}
	}
}

func TestVectorErrors(t *testing.T) {
	_, errs := vectors(t)
	for _, e := range errs {
		want := CodePayloadTooLarge // "extension": this library's documented code
		if f, ok := e.Code.(float64); ok {
			want = int(f)
		}
		for name, gen := range map[string]func(uint32, string, string, int64, string) (string, error){
			"GenerateToken04": GenerateToken04, "GenerateToken04GCM": GenerateToken04GCM} {
			tok, err := gen(e.AppID, e.UserID, e.Secret, e.TTL, e.Payload)
			var ze *Error
			if !errors.As(err, &ze) || ze.Code != want || ze.Message == "" || tok != "" {
				t.Fatalf("%s %s: %q, %v; want code %d", name, e.Name, tok, err, want)
			}
		}
	}
}

func TestForeignTokensDecode(t *testing.T) {
	var v struct {
		Tokens []struct {
			Producer, Secret, Payload, Token string
			AppID                            uint32 `json:"app_id"`
			UserID                           string `json:"user_id"`
			TTL                              int64  `json:"effective_time_in_seconds"`
		} `json:"tokens"`
	}
	readJSON(t, "token04-foreign.json", &v)
	if len(v.Tokens) == 0 {
		t.Fatal("no foreign tokens")
	}
	for _, f := range v.Tokens {
		c, err := Decode(f.Token, f.Secret)
		if err != nil {
			t.Fatalf("%s: %v", f.Producer, err)
		}
		o := openToken(t, f.Token, f.Secret)
		if c.AppID != f.AppID || c.UserID != f.UserID || c.Payload != f.Payload || c.Expire-c.Ctime != f.TTL ||
			c.Nonce != o.claims.Nonce || c.Mode != o.mode {
			t.Fatalf("%s: %+v", f.Producer, c)
		}
	}
}

var tricky = []struct{ user, payload string }{
	{"user-000001", `{"room_id":"room-0001","privilege":{"1":1,"2":1},"stream_id_list":null}`},
	{"用户-\"quote\"-\\-😀", "tab\there\nnewline </script> \u2028 \x01"},
	{strings.Repeat("u", 64), ""},
	{"u", strings.Repeat("\x01", 3000)}, // escaped 6x: larger than the first guess
	{"big", strings.Repeat("p", 40000)}, // larger than the pooled buffers
	{"x", strings.Repeat("é", 100)},     // multibyte
	{strings.Repeat("\x1f", 64), strings.Repeat("\"", 500)},
}

func TestGenerateToken04IsCBCAndDecodesIndependently(t *testing.T) {
	for _, c := range tricky {
		tok, err := GenerateToken04(42, c.user, secret, 600, c.payload)
		if err != nil {
			t.Fatal(err)
		}
		checkToken(t, tok, ModeCBC, 42, c.user, 600, c.payload)
	}
}

func TestGenerateToken04GCMDecodesIndependently(t *testing.T) {
	for _, c := range tricky {
		tok, err := GenerateToken04GCM(4294967295, c.user, secret, 1, c.payload)
		if err != nil {
			t.Fatal(err)
		}
		checkToken(t, tok, ModeGCM, 4294967295, c.user, 1, c.payload)
	}
}

func TestGeneratorBothModes(t *testing.T) {
	for _, mode := range []Mode{ModeGCM, ModeCBC} {
		g, err := NewGenerator(7, secret, mode)
		if err != nil {
			t.Fatal(err)
		}
		if g.AppID() != 7 || g.Mode() != mode {
			t.Fatalf("AppID %d Mode %s", g.AppID(), g.Mode())
		}
		for _, c := range tricky {
			tok, err := g.Generate(c.user, 3600, c.payload)
			if err != nil {
				t.Fatal(err)
			}
			checkToken(t, tok, mode, 7, c.user, 3600, c.payload)
		}
		// errors through the generator: the official order after the app id and secret
		for _, c := range []struct {
			user    string
			ttl     int64
			payload string
			want    *Error
		}{
			{"", 60, "", ErrUserIDInvalid},
			{"a\x00b", 60, "", ErrUserIDInvalid},
			{strings.Repeat("u", 65), 0, "\xff", ErrUserIDInvalid},
			{"u", 0, "\xff", ErrEffectiveTimeInSecondsInvalid},
			{"u", 1<<63 - 1, "", ErrEffectiveTimeInSecondsInvalid},
			{"u", 60, "\xff", ErrPayloadInvalid},
			{"u", 60, "a\x00b", ErrPayloadInvalid},
			{"u", 60, strings.Repeat("p", 70000), ErrPayloadTooLarge},
		} {
			tok, err := g.Generate(c.user, c.ttl, c.payload)
			if !errors.Is(err, c.want) || tok != "" {
				t.Fatalf("%s %q/%d: %v, want %v", mode, c.user, c.ttl, err, c.want)
			}
		}
		if err := g.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestNewGeneratorErrors(t *testing.T) {
	for _, c := range []struct {
		app    uint32
		secret string
		mode   Mode
		want   *Error
	}{
		{0, "short", "bogus", ErrAppIDInvalid},
		{1, "short", "bogus", ErrSecretInvalid},
		{1, secret[:31] + "\x00", ModeGCM, ErrSecretInvalid},
		{1, secret, "bogus", ErrModeInvalid},
		{1, secret, "GCM", ErrModeInvalid},
		{1, secret, "", ErrModeInvalid},
	} {
		g, err := NewGenerator(c.app, c.secret, c.mode)
		if g != nil || !errors.Is(err, c.want) {
			t.Fatalf("%+v: %v %v", c, g, err)
		}
	}
}

// Every code of the library, errors.Is against the sentinels, and no input value in a message.
func TestErrorCodesAndSentinels(t *testing.T) {
	seen := map[int]bool{}
	for _, s := range errorsByCode {
		// The generated message (codes_gen.go) is the linked library's.
		if s.Message != message(s.Code) || s.Message == message(9999) || seen[s.Code] {
			t.Fatalf("sentinel %d: %q", s.Code, s.Message)
		}
		seen[s.Code] = true
	}
	// Every code the linked library describes has its sentinel (no count kept by hand).
	for code := 1; code < 1000; code++ {
		if message(code) != message(9999) && !seen[code] {
			t.Fatalf("code %d (%q) has no sentinel", code, message(code))
		}
	}
	cases := []struct {
		app       uint32
		user, sec string
		ttl       int64
		payload   string
		want      *Error
	}{
		{0, "u", secret, 60, "", ErrAppIDInvalid},
		{1, "", secret, 60, "", ErrUserIDInvalid},
		{1, "a\x00b", secret, 60, "", ErrUserIDInvalid},
		{1, "", "x\x00", 0, "", ErrUserIDInvalid}, // the first invalid argument wins, NUL or not
		{1, "u", "short", 60, "", ErrSecretInvalid},
		{1, "u", secret[:16] + "\x00" + secret[17:], 60, "", ErrSecretInvalid},
		{1, "u", secret[:31] + "\x00", 0, "", ErrSecretInvalid},
		{1, "u", secret, 0, "", ErrEffectiveTimeInSecondsInvalid},
		{1, "u", secret, -1, "\x00", ErrEffectiveTimeInSecondsInvalid},
		{1, "u", secret, 60, strings.Repeat("p", 70000), ErrPayloadTooLarge},
		{1, "u", secret, 60, "\xff", ErrPayloadInvalid},
		{1, "u", secret, 60, "ok\x00", ErrPayloadInvalid},
	}
	for _, c := range cases {
		for _, gen := range []func(uint32, string, string, int64, string) (string, error){GenerateToken04, GenerateToken04GCM} {
			_, err := gen(c.app, c.user, c.sec, c.ttl, c.payload)
			var e *Error
			if !errors.As(err, &e) || e.Code != c.want.Code || e.Message != c.want.Message || !errors.Is(err, c.want) {
				t.Fatalf("%+v: got %v", c, err)
			}
			if errors.Is(err, ErrTokenExpired) {
				t.Fatal("errors.Is matched another code")
			}
			if strings.Contains(err.Error(), secret[:8]) || !strings.Contains(err.Error(), fmt.Sprintf("code %d", c.want.Code)) {
				t.Fatalf("error text %q", err)
			}
		}
	}
	for _, c := range []struct {
		token, sec string
		want       *Error
	}{
		{"05AAAA", secret, ErrTokenPrefixInvalid},
		{"", secret, ErrTokenPrefixInvalid},
		{"04!!!!", secret, ErrTokenBase64Invalid},
		{"04AAAA\x00", secret, ErrTokenBase64Invalid},
		{"x\x00", secret, ErrTokenBase64Invalid}, // a NUL anywhere is a bad character (one rule, in the library)
		{"04AAAAAAAAAAAA", secret, ErrTokenTruncated},
		{"04AAAA", "short", ErrSecretInvalid},
		{"04AAAA", secret + "\x00", ErrSecretInvalid},
	} {
		if _, err := Decode(c.token, c.sec); !errors.Is(err, c.want) {
			t.Fatalf("Decode(%q): %v, want %v", c.token, err, c.want)
		}
		if _, err := Verify(c.token, c.sec, 1, time.Now()); !errors.Is(err, c.want) {
			t.Fatalf("Verify(%q): %v, want %v", c.token, err, c.want)
		}
	}
}

func TestHints(t *testing.T) {
	var token string
	for i := 0; i < 200 && !strings.Contains(token, "+"); i++ {
		token, _ = GenerateToken04GCM(1, "u", secret, 3600, "")
	}
	if !strings.Contains(token, "+") {
		t.Fatal("no token with '+'")
	}
	if h := TokenHint(token); h != "" {
		t.Fatalf("a good token has the hint %q", h)
	}
	spaced := strings.ReplaceAll(token, "+", " ")
	hint := TokenHint(spaced)
	if !strings.Contains(hint, "contains spaces") || !strings.Contains(hint, "'+'") {
		t.Fatalf("spaced token: hint %q", hint)
	}
	_, errD := Decode(spaced, secret)
	_, errV := Verify(spaced, secret, 1, time.Now())
	for _, err := range []error{errD, errV} {
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeTokenBase64Invalid || e.Hint != hint {
			t.Fatalf("spaced token: %#v", err)
		}
	}
	for _, c := range []struct{ token, want string }{
		{token + "\n", "whitespace"},
		{`"` + token + `"`, "quotes"},
		{strings.ReplaceAll(token, "+", "%2B"), "URL-encoded"},
		{token[2:], `"04"`},
		{token[:len(token)-4], "truncated"},
		{"04\xff", "UTF-8"},
	} {
		h := TokenHint(c.token)
		if !strings.Contains(h, c.want) || strings.Contains(h, token[2:10]) {
			t.Fatalf("TokenHint(%q) = %q, want %q", c.token, h, c.want)
		}
	}
	// A wrong secret is no mistake in the token's text: no hint.
	if _, err := Decode(token, "0123456789abcdef0123456789abcdef"); err.(*Error).Hint != "" {
		t.Fatalf("wrong secret: %#v", err)
	}
}

func TestVerify(t *testing.T) {
	now := time.Now()
	gcm, _ := GenerateToken04GCM(9, "alice", secret, 60, "p")
	cbc, _ := GenerateToken04(9, "alice", secret, 60, "p")

	c, err := Verify(gcm, secret, 9, now)
	if err != nil || c.Mode != ModeGCM || c.AppID != 9 || c.UserID != "alice" || c.Payload != "p" || c.Expire-c.Ctime != 60 {
		t.Fatalf("%+v %v", c, err)
	}
	if o := openToken(t, gcm, secret); o.claims.Nonce != c.Nonce || o.claims.Ctime != c.Ctime {
		t.Fatalf("Verify's claims differ from the token's: %+v %+v", c, o.claims)
	}
	// GCM only by default
	if c, err := Verify(cbc, secret, 9, now); !errors.Is(err, ErrTokenModeNotAllowed) || c != (Claims{}) {
		t.Fatalf("CBC accepted by default: %+v %v", c, err)
	}
	// AllowCBC accepts both
	for _, tok := range []string{cbc, gcm} {
		c, err := Verify(tok, secret, 9, now, AllowCBC())
		if err != nil || c.UserID != "alice" {
			t.Fatalf("AllowCBC: %+v %v", c, err)
		}
	}
	if c, _ := Verify(cbc, secret, 9, now, AllowCBC()); c.Mode != ModeCBC {
		t.Fatalf("mode %s", c.Mode)
	}
	// app id, expiry (expire <= now fails), secret, tampering
	exp := time.Unix(c.Expire, 0)
	checks := []struct {
		name  string
		token string
		sec   string
		app   uint32
		now   time.Time
		opts  []VerifyOption
		want  *Error
	}{
		{"other app", gcm, secret, 10, now, nil, ErrTokenAppIDMismatch},
		{"at expiry", gcm, secret, 9, exp, nil, ErrTokenExpired},
		{"after expiry", gcm, secret, 9, exp.Add(time.Hour), nil, ErrTokenExpired},
		{"cbc expired", cbc, secret, 9, exp.Add(time.Hour), []VerifyOption{AllowCBC()}, ErrTokenExpired},
		{"wrong secret", gcm, strings.Repeat("0", 32), 9, now, nil, ErrTokenAuthenticationFailed},
		{"tampered", tamper(gcm), secret, 9, now, nil, ErrTokenAuthenticationFailed},
		{"cbc wrong secret", cbc, strings.Repeat("0", 32), 9, now, []VerifyOption{AllowCBC()}, ErrTokenDecryptFailed},
	}
	for _, k := range checks {
		if c, err := Verify(k.token, k.sec, k.app, k.now, k.opts...); !errors.Is(err, k.want) || c != (Claims{}) {
			t.Fatalf("%s: %+v %v, want %v", k.name, c, err, k.want)
		}
	}
	if _, err := Verify(gcm, secret, 9, exp.Add(-time.Second)); err != nil {
		t.Fatalf("one second before expiry: %v", err)
	}
}

// tamper flips one bit of the ciphertext.
func tamper(token string) string {
	raw, _ := base64.StdEncoding.DecodeString(token[2:])
	raw[len(raw)-5] ^= 1
	return "04" + base64.StdEncoding.EncodeToString(raw)
}

func TestBuildRTCRoomPayload(t *testing.T) {
	for _, c := range []struct {
		room           string
		login, publish bool
		streams        []string
		want           string
	}{
		{"demo", true, false, nil, `{"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}`},
		{"room-0001", true, true, nil, `{"room_id":"room-0001","privilege":{"1":1,"2":1},"stream_id_list":null}`},
		{"", false, true, []string{}, `{"room_id":"","privilege":{"1":0,"2":1},"stream_id_list":[]}`},
		{"r\"1", true, true, []string{"s-1", "s\"2", "流"}, `{"room_id":"r\"1","privilege":{"1":1,"2":1},"stream_id_list":["s-1","s\"2","流"]}`},
	} {
		p, err := BuildRTCRoomPayload(c.room, c.login, c.publish, c.streams)
		if err != nil || p != c.want {
			t.Fatalf("got %s %v\nwant %s", p, err, c.want)
		}
		var v map[string]interface{}
		if err := json.Unmarshal([]byte(p), &v); err != nil {
			t.Fatal(err)
		}
		tok, err := GenerateToken04GCM(1, "u", secret, 60, p)
		if err != nil {
			t.Fatal(err)
		}
		checkToken(t, tok, ModeGCM, 1, "u", 60, p)
	}
	if _, err := BuildRTCRoomPayload("\xff", true, true, nil); !errors.Is(err, ErrRoomIDInvalid) {
		t.Fatal(err)
	}
	if _, err := BuildRTCRoomPayload("a\x00", true, true, nil); !errors.Is(err, ErrRoomIDInvalid) {
		t.Fatal(err)
	}
	if _, err := BuildRTCRoomPayload("r", true, true, []string{"ok", "\xff"}); !errors.Is(err, ErrStreamIDInvalid) {
		t.Fatal(err)
	}
	if _, err := BuildRTCRoomPayload("r", true, true, []string{"a\x00b"}); !errors.Is(err, ErrStreamIDInvalid) {
		t.Fatal(err)
	}
}

func TestVersion(t *testing.T) {
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(Version()) || Version() != headerVersion {
		t.Fatalf("library version %q, header version %q", Version(), headerVersion)
	}
}

// Many goroutines on one Generator: every token distinct and valid.
func TestConcurrentGenerate(t *testing.T) {
	g, err := NewGenerator(7, secret, ModeGCM)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	const workers, each = 16, 200
	tokens := make([][]string, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				user := fmt.Sprintf("user-%d-%d", w, i)
				var tok string
				var err error
				if i%4 == 3 { // one-shot calls mixed in
					tok, err = GenerateToken04GCM(7, user, secret, 60, user)
				} else {
					tok, err = g.Generate(user, 60, user)
				}
				if err != nil {
					t.Error(err)
					return
				}
				tokens[w] = append(tokens[w], tok)
			}
		}(w)
	}
	wg.Wait()
	seen := map[string]bool{}
	for w := range tokens {
		for i, tok := range tokens[w] {
			user := fmt.Sprintf("user-%d-%d", w, i)
			o := openToken(t, tok, secret)
			if o.claims.UserID != user || o.claims.Payload != user || o.mode != ModeGCM || seen[tok] {
				t.Fatalf("token %d/%d: %+v", w, i, o.claims)
			}
			seen[tok] = true
		}
	}
	if len(seen) != workers*each {
		t.Fatalf("%d tokens", len(seen))
	}
}

// Close while other goroutines generate: they get tokens, then ErrClosed; nothing crashes.
func TestCloseConcurrentWithGenerate(t *testing.T) {
	for round := 0; round < 5; round++ {
		g, err := NewGenerator(3, secret, ModeCBC)
		if err != nil {
			t.Fatal(err)
		}
		var ok, closed int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for {
					tok, err := g.Generate("u", 60, "")
					if errors.Is(err, ErrClosed) {
						if !errors.Is(err, ErrNullArgument) || tok != "" {
							t.Error("ErrClosed is not a null-argument error")
						}
						atomic.AddInt64(&closed, 1)
						return
					}
					if err != nil {
						t.Error(err)
						return
					}
					if !strings.HasPrefix(tok, "04") {
						t.Error(tok)
						return
					}
					atomic.AddInt64(&ok, 1)
				}
			}()
		}
		close(start)
		time.Sleep(time.Duration(5+round) * time.Millisecond)
		if err := g.Close(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		if closed != 8 || ok == 0 {
			t.Fatalf("round %d: %d tokens, %d goroutines saw the close", round, ok, closed)
		}
		if err := g.Close(); err != nil { // twice: a no-op
			t.Fatal(err)
		}
		if _, err := g.Generate("u", 60, ""); err != ErrClosed {
			t.Fatalf("after Close: %v", err)
		}
	}
}

// A Generator dropped without Close is freed by its finalizer (no crash, no leak of note).
func TestFinalizerSafetyNet(t *testing.T) {
	for i := 0; i < 1000; i++ {
		g, err := NewGenerator(1, secret, ModeGCM)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := g.Generate("u", 60, ""); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ {
		time.Sleep(10 * time.Millisecond)
		runtime.GC()
	}
}

func rssKiB(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Fatal(err)
	}
	var pages, rss int64
	if _, err := fmt.Sscan(string(b), &pages, &rss); err != nil {
		t.Fatal(err)
	}
	return rss * int64(os.Getpagesize()) / 1024
}

func TestNoLeakAcross100kCalls(t *testing.T) {
	if raceEnabled {
		t.Skip("RSS is not meaningful under the race detector; this test runs in the plain `go test` pass")
	}
	g, err := NewGenerator(1, secret, ModeGCM)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	run := func(n int) {
		for i := 0; i < n; i++ {
			tok, err := GenerateToken04(1, "user", secret, 60, "payload")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Decode(tok, secret); err != nil {
				t.Fatal(err)
			}
			tok, err = g.Generate("user", 60, "payload")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Verify(tok, secret, 1, time.Now()); err != nil {
				t.Fatal(err)
			}
			if _, err := GenerateToken04(0, "user", secret, 60, ""); err == nil {
				t.Fatal("no error")
			}
			if _, err := BuildRTCRoomPayload("r", true, true, []string{"s"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	run(20000) // warm up: allocator and Go heap reach their working size
	before := rssKiB(t)
	run(100000)
	after := rssKiB(t)
	t.Logf("RSS %d KiB -> %d KiB over 100,000 rounds of 6 calls", before, after)
	// A leak of one token (~250 bytes) per round would add ~24 MiB.
	if after-before > 4096 {
		t.Fatalf("RSS grew by %d KiB", after-before)
	}
}

// A nil *Generator (what NewGenerator returns with an error) fails cleanly instead of crashing.
func TestNilGenerator(t *testing.T) {
	g, err := NewGenerator(0, secret, ModeGCM)
	if g != nil || !errors.Is(err, ErrAppIDInvalid) {
		t.Fatalf("%v %v", g, err)
	}
	if tok, err := g.Generate("u", 60, ""); tok != "" || !errors.Is(err, ErrNullArgument) {
		t.Fatalf("nil Generate: %q %v", tok, err)
	}
	if err := g.Close(); err != nil {
		t.Fatalf("nil Close: %v", err)
	}
	if g.AppID() != 0 || g.Mode() != "" {
		t.Fatalf("nil AppID/Mode: %d %q", g.AppID(), g.Mode())
	}
}

// Neither the secret nor a token reaches the text of any exported value: errors, generators
// (open and closed) and claims, with %v, %+v, %#v, %s, %q and a log line.
func TestSecretNeverInFormattedValues(t *testing.T) {
	other := "0123456789abcdef0123456789abcdef"
	gcm, err := GenerateToken04GCM(5, "u", secret, 3600, "p")
	if err != nil {
		t.Fatal(err)
	}
	cbc, err := GenerateToken04(5, "u", secret, 3600, "p")
	if err != nil {
		t.Fatal(err)
	}
	var values []any
	addErr := func(_ any, err error) {
		if err == nil {
			t.Fatal("expected an error")
		}
		values = append(values, err)
	}
	addErr(GenerateToken04(1, "", secret, 60, ""))
	addErr(GenerateToken04GCM(1, "u", secret, 0, ""))
	addErr(GenerateToken04(1, "u", secret[:31], 60, ""))
	addErr(Decode(gcm, other))
	addErr(Decode(gcm[:40], secret))
	addErr(Verify(cbc, secret, 5, time.Now()))
	addErr(Verify(gcm, secret, 6, time.Now()))
	addErr(Verify(gcm, other, 5, time.Now(), AllowCBC()))
	addErr(NewGenerator(0, secret, ModeGCM))
	addErr(NewGenerator(1, secret, "ecb"))
	addErr(NewGenerator(1, secret[:31], ModeGCM))
	for _, mode := range []Mode{ModeGCM, ModeCBC} {
		g, err := NewGenerator(7, secret, mode)
		if err != nil {
			t.Fatal(err)
		}
		addErr(g.Generate("", 60, ""))
		values = append(values, g)
		defer g.Close()
		closed, _ := NewGenerator(7, secret, mode)
		closed.Close()
		values = append(values, closed)
	}
	c, err := Decode(gcm, secret)
	if err != nil {
		t.Fatal(err)
	}
	values = append(values, c, &c)
	var logged bytes.Buffer
	logger := log.New(&logged, "", 0)
	for _, v := range values {
		logger.Println(v)
		logger.Printf("%+v", v)
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			text := fmt.Sprintf(verb, v)
			for _, s := range []string{secret, other} {
				if strings.Contains(text, s[:8]) || strings.Contains(text, s[24:]) {
					t.Fatalf("%s of %T shows a secret: %s", verb, v, text)
				}
			}
			for _, tok := range []string{gcm, cbc} {
				if strings.Contains(text, tok[10:30]) {
					t.Fatalf("%s of %T shows a token: %s", verb, v, text)
				}
			}
		}
	}
	if logged.Len() == 0 || strings.Contains(logged.String(), secret[:8]) {
		t.Fatalf("log: %s", logged.String())
	}
}
