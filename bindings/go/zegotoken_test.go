package zegotoken

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

const secret = "fa94dd0f974cf2e293728a526b028271"

func readJSON(t *testing.T, name string, v interface{}) {
	b, err := os.ReadFile("../../tests/data/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func TestVectorsDecode(t *testing.T) {
	var v struct {
		Cases []struct {
			Name, Mode, UserID, Secret, Payload, Token string
			AppID                                      uint32 `json:"app_id"`
			TTL                                        int64  `json:"effective_time_in_seconds"`
			Ctime, Nonce                               int64
		} `json:"cases"`
	}
	readJSON(t, "token04-vectors.json", &v)
	if len(v.Cases) != 14 {
		t.Fatalf("%d cases", len(v.Cases))
	}
	for _, c := range v.Cases {
		claims, err := Decode(c.Token, c.Secret)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if claims.Mode != c.Mode || claims.Ctime != c.Ctime || claims.Nonce != c.Nonce || claims.Expire-claims.Ctime != c.TTL {
			t.Fatalf("%s: %+v", c.Name, claims)
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
	for _, f := range v.Tokens {
		c, err := Decode(f.Token, f.Secret)
		if err != nil {
			t.Fatalf("%s: %v", f.Producer, err)
		}
		if c.AppID != f.AppID || c.UserID != f.UserID || c.Payload != f.Payload || c.Expire-c.Ctime != f.TTL {
			t.Fatalf("%s: %+v", f.Producer, c)
		}
	}
}

func TestRoundTripBothModes(t *testing.T) {
	user := "用户-\"quote\"-😀"
	payload := `{"room_id":"r\"1","privilege":{"1":1,"2":0},"stream_id_list":null}`
	for _, gen := range []func(uint32, string, string, int64, string) (string, error){GenerateToken04, GenerateToken04GCM} {
		tok, err := gen(42, user, secret, 600, payload)
		if err != nil || !strings.HasPrefix(tok, "04") {
			t.Fatal(tok, err)
		}
		c, err := Decode(tok, secret)
		if err != nil || c.AppID != 42 || c.UserID != user || c.Payload != payload || c.Expire-c.Ctime != 600 {
			t.Fatalf("%+v %v", c, err)
		}
	}
}

func TestErrorCodes(t *testing.T) {
	cases := []struct {
		app       uint32
		user, sec string
		ttl       int64
		payload   string
		code      int
	}{
		{0, "u", secret, 60, "", 1},
		{1, "", secret, 60, "", 3},
		{1, strings.Repeat("u", 65), secret, 60, "", 3},
		{1, "a\x00b", secret, 60, "", 3},
		{1, "u", "short", 60, "", 5},
		{1, "u", secret, 0, "", 6},
		{1, "u", secret, -1, "", 6},
		{1, "u", secret, 60, strings.Repeat("p", 70000), 102},
		{1, "u", secret, 60, "\xff", 101},
	}
	for _, c := range cases {
		for _, gen := range []func(uint32, string, string, int64, string) (string, error){GenerateToken04, GenerateToken04GCM} {
			_, err := gen(c.app, c.user, c.sec, c.ttl, c.payload)
			var e *Error
			if !errors.As(err, &e) || e.Code != c.code || e.Message == "" {
				t.Fatalf("%+v: got %v", c, err)
			}
			if strings.Contains(err.Error(), secret) {
				t.Fatal("secret in error")
			}
		}
	}
	_, err := Decode("05AAAA", secret)
	var e *Error
	if !errors.As(err, &e) || e.Code != 120 {
		t.Fatal(err)
	}
}

func TestConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[string]bool{}
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				tok, err := GenerateToken04GCM(7, "user", secret, 60, "")
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := Decode(tok, secret); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if seen[tok] {
					t.Error("duplicate token")
				}
				seen[tok] = true
				mu.Unlock()
			}
		}(g)
	}
	wg.Wait()
	if len(seen) != 32*500 {
		t.Fatalf("%d tokens", len(seen))
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
	return rss * 4
}

func TestNoLeakAcross100kCalls(t *testing.T) {
	run := func(n int) {
		for i := 0; i < n; i++ {
			tok, err := GenerateToken04(1, "user", secret, 60, "payload")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Decode(tok, secret); err != nil {
				t.Fatal(err)
			}
			if _, err := GenerateToken04(0, "user", secret, 60, ""); err == nil {
				t.Fatal("no error")
			}
		}
	}
	run(20000) // warm up: allocator and Go heap reach their working size
	before := rssKiB(t)
	run(100000)
	after := rssKiB(t)
	t.Logf("RSS %d KiB -> %d KiB over 100,000 calls", before, after)
	// A leak of one token (~250 bytes) per call would add ~24 MiB.
	if after-before > 4096 {
		t.Fatalf("RSS grew by %d KiB", after-before)
	}
}

// A missing library gives an error that names both ways of finding it.
func TestMissingLibraryError(t *testing.T) {
	if os.Getenv("ZEGOTOKEN_CHILD") == "1" {
		_, err := GenerateToken04(1, "u", secret, 60, "")
		fmt.Println(err)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=TestMissingLibraryError")
	cmd.Env = append(os.Environ(), "ZEGOTOKEN_CHILD=1", "ZEGO_TOKEN_LIB=/nonexistent/libzego_token.so")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatal(err, string(out))
	}
	for _, want := range []string{"ZEGO_TOKEN_LIB", "system loader path", "/nonexistent/libzego_token.so"} {
		if !strings.Contains(string(out), want) {
			t.Fatalf("error lacks %q: %s", want, out)
		}
	}
}
