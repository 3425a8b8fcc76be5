package zegotoken

import "testing"

// The workload of examples/c/bench.c: user "user-000001", a strict room payload, 3600 s.
// bench.sh runs these (make bench) and compares them with the C figures of the same run.
const (
	benchUser    = "user-000001"
	benchPayload = `{"room_id":"room-0001","privilege":{"1":1,"2":1},"stream_id_list":null}`
)

func benchOneShot(b *testing.B, gen func(uint32, string, string, int64, string) (string, error)) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := gen(1, benchUser, secret, 3600, benchPayload); err != nil {
			b.Fatal(err)
		}
	}
}

func benchGenerator(b *testing.B, mode Mode) {
	g, err := NewGenerator(1, secret, mode)
	if err != nil {
		b.Fatal(err)
	}
	defer g.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := g.Generate(benchUser, 3600, benchPayload); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGenerateToken04(b *testing.B)    { benchOneShot(b, GenerateToken04) }
func BenchmarkGenerateToken04GCM(b *testing.B) { benchOneShot(b, GenerateToken04GCM) }
func BenchmarkGeneratorGCM(b *testing.B)       { benchGenerator(b, ModeGCM) }
func BenchmarkGeneratorCBC(b *testing.B)       { benchGenerator(b, ModeCBC) }
