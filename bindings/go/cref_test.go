//go:build cgo && zegotoken_bench

package zegotoken

import (
	"fmt"
	"os"
	"sort"
	"testing"
	"time"
)

// TestInterleavedOverhead (bench.sh) times each Go API and the same C calls alternately, in many
// short rounds, and prints per API the median Go ns/token, C ns/token and Go/C ratio.
func TestInterleavedOverhead(t *testing.T) {
	rounds, n := 41, 2000
	fmt.Sscan(os.Getenv("GO_BENCH_ROUNDS"), &rounds)
	fmt.Sscan(os.Getenv("GO_BENCH_TOKENS"), &n)
	gcm, err := NewGenerator(1, secret, ModeGCM)
	if err != nil {
		t.Fatal(err)
	}
	defer gcm.Close()
	cbc, err := NewGenerator(1, secret, ModeCBC)
	if err != nil {
		t.Fatal(err)
	}
	defer cbc.Close()
	apis := []struct {
		name string
		kind int
		g    *Generator
		gofn func() (string, error)
	}{
		{"GenerateToken04", 0, nil, func() (string, error) { return GenerateToken04(1, benchUser, secret, 3600, benchPayload) }},
		{"GenerateToken04GCM", 1, nil, func() (string, error) { return GenerateToken04GCM(1, benchUser, secret, 3600, benchPayload) }},
		{"GeneratorGCM", 2, gcm, func() (string, error) { return gcm.Generate(benchUser, 3600, benchPayload) }},
		{"GeneratorCBC", 2, cbc, func() (string, error) { return cbc.Generate(benchUser, 3600, benchPayload) }},
	}
	for _, a := range apis {
		var gos, cs, ratios []float64
		for r := 0; r < rounds; r++ {
			start := time.Now()
			if err := cReference(a.kind, a.g, benchUser, secret, benchPayload, n); err != nil {
				t.Fatal(err)
			}
			c := float64(time.Since(start).Nanoseconds()) / float64(n)
			start = time.Now()
			for i := 0; i < n; i++ {
				if _, err := a.gofn(); err != nil {
					t.Fatal(err)
				}
			}
			g := float64(time.Since(start).Nanoseconds()) / float64(n)
			if r > 0 { // the first round warms up
				gos, cs, ratios = append(gos, g), append(cs, c), append(ratios, g/c)
			}
		}
		fmt.Printf("interleaved %s go_ns %.0f c_ns %.0f ratio %.3f\n", a.name, median(gos), median(cs), median(ratios))
	}
}

func median(v []float64) float64 {
	sort.Float64s(v)
	return v[len(v)/2]
}
