package zegotoken

// The conformance table (testdata/conformance.json, generated from tests/data/conformance.json;
// format in the repository's CONTRIBUTING.md) through the Go API. Go strings hold any bytes, so
// entries that need "nul", "non_utf8", "whitespace" or "empty_secret" run here; NULL pointers
// and integers wider than uint32/int64 cannot be expressed, so those entries are for other layers.

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

var goCapabilities = map[string]bool{"nul": true, "non_utf8": true, "whitespace": true, "empty_secret": true}

type confEntry map[string]json.RawMessage

func confTable(t *testing.T) map[string][]confEntry {
	b, err := os.ReadFile("testdata/conformance.json")
	if err != nil {
		t.Fatal(err)
	}
	var table map[string]json.RawMessage
	if err := json.Unmarshal(b, &table); err != nil {
		t.Fatal(err)
	}
	out := map[string][]confEntry{}
	for _, k := range []string{"generate", "decode", "room_payload"} {
		var list []confEntry
		if err := json.Unmarshal(table[k], &list); err != nil {
			t.Fatal(err)
		}
		out[k] = list
	}
	return out
}

func (e confEntry) name() string {
	var s string
	_ = json.Unmarshal(e["name"], &s)
	return s
}

func (e confEntry) runnable() bool {
	var needs []string
	_ = json.Unmarshal(e["needs"], &needs)
	for _, n := range needs {
		if !goCapabilities[n] {
			return false
		}
	}
	return true
}

// str decodes a string input: a JSON string, {"hex"}, {"repeat", "count", "prefix"}.
func confStr(t *testing.T, raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if string(raw) == "null" {
		return ""
	}
	var o struct {
		Hex    *string `json:"hex"`
		Repeat *string `json:"repeat"`
		Count  int     `json:"count"`
		Prefix string  `json:"prefix"`
	}
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatal(err)
	}
	switch {
	case o.Hex != nil:
		b, err := hex.DecodeString(*o.Hex)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	case o.Repeat != nil:
		return o.Prefix + strings.Repeat(*o.Repeat, o.Count)
	}
	t.Fatalf("string input %s", raw)
	return ""
}

// confInt decodes an integer input: a JSON number or decimal digits.
func confInt(t *testing.T, raw json.RawMessage) int64 {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	var n int64
	if err := json.Unmarshal(raw, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func codeOf(err error) int {
	if err == nil {
		return 0
	}
	var e *Error
	if !errors.As(err, &e) {
		return -1
	}
	return e.Code
}

func TestConformanceTable(t *testing.T) {
	table := confTable(t)
	ran := 0
	for _, e := range table["generate"] {
		if !e.runnable() {
			continue
		}
		ran++
		var want map[string]int
		_ = json.Unmarshal(e["expect"], &want)
		appID := uint32(confInt(t, e["app_id"]))
		user, secret, payload := confStr(t, e["user_id"]), confStr(t, e["secret"]), confStr(t, e["payload"])
		ttl := confInt(t, e["effective_time_in_seconds"])
		check := func(call string, token string, err error, mode Mode, wantCode int) {
			if codeOf(err) != wantCode {
				t.Errorf("%s: %s gave %d, want %d", e.name(), call, codeOf(err), wantCode)
				return
			}
			if err != nil {
				return
			}
			c, err := Decode(token, secret)
			if err != nil || c.UserID != user || c.Payload != payload || c.Expire-c.Ctime != ttl || c.Mode != mode || c.AppID != appID {
				t.Errorf("%s: %s: the token does not decode to its inputs (%v)", e.name(), call, err)
			}
		}
		tok, err := GenerateToken04(appID, user, secret, ttl, payload)
		check("generate_cbc", tok, err, ModeCBC, want["generate_cbc"])
		tok, err = GenerateToken04GCM(appID, user, secret, ttl, payload)
		check("generate_gcm", tok, err, ModeGCM, want["generate_gcm"])
		for _, mode := range []Mode{ModeCBC, ModeGCM} {
			g, err := NewGenerator(appID, secret, mode)
			if err == nil {
				tok, err = g.Generate(user, ttl, payload)
				g.Close()
			}
			check("generator "+string(mode), tok, err, mode, want["generator"])
		}
	}
	for _, e := range table["decode"] {
		if !e.runnable() {
			continue
		}
		ran++
		var want map[string]int
		_ = json.Unmarshal(e["expect"], &want)
		var claims *struct {
			AppID   uint32 `json:"app_id"`
			UserID  string `json:"user_id"`
			Nonce   int64  `json:"nonce"`
			Ctime   int64  `json:"ctime"`
			Expire  int64  `json:"expire"`
			Payload string `json:"payload"`
			Mode    Mode   `json:"mode"`
		}
		if raw, ok := e["claims"]; ok {
			_ = json.Unmarshal(raw, &claims)
		}
		token, secret := confStr(t, e["token"]), confStr(t, e["secret"])
		appID, now := uint32(confInt(t, e["app_id"])), time.Unix(confInt(t, e["now"]), 0)
		check := func(call string, c Claims, err error) {
			if codeOf(err) != want[call] {
				t.Errorf("%s: %s gave %d, want %d", e.name(), call, codeOf(err), want[call])
			}
			if err == nil && claims != nil {
				got := Claims{AppID: claims.AppID, UserID: claims.UserID, Nonce: claims.Nonce, Ctime: claims.Ctime,
					Expire: claims.Expire, Payload: claims.Payload, Mode: claims.Mode}
				if c != got {
					t.Errorf("%s: %s claims %+v, want %+v", e.name(), call, c, got)
				}
			}
		}
		c, err := Decode(token, secret)
		check("decode", c, err)
		c, err = Verify(token, secret, appID, now)
		check("verify", c, err)
		c, err = Verify(token, secret, appID, now, AllowCBC())
		check("verify_allow_cbc", c, err)
	}
	for _, e := range table["room_payload"] {
		if !e.runnable() {
			continue
		}
		ran++
		var login, publish bool
		var want int
		var wantPayload string
		var ids []json.RawMessage
		_ = json.Unmarshal(e["can_login_room"], &login)
		_ = json.Unmarshal(e["can_publish_stream"], &publish)
		_ = json.Unmarshal(e["expect"], &want)
		if raw, ok := e["payload"]; ok {
			_ = json.Unmarshal(raw, &wantPayload)
		}
		var streams []string
		if string(e["stream_ids"]) != "null" {
			_ = json.Unmarshal(e["stream_ids"], &ids)
			streams = []string{}
			for _, id := range ids {
				streams = append(streams, confStr(t, id))
			}
		}
		p, err := BuildRTCRoomPayload(confStr(t, e["room_id"]), login, publish, streams)
		if codeOf(err) != want || p != wantPayload {
			t.Errorf("%s: room payload %q, code %d; want %q, %d", e.name(), p, codeOf(err), wantPayload, want)
		}
	}
	if ran < 110 {
		t.Fatalf("only %d entries ran", ran)
	}
}
