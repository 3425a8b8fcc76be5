package zegotoken

import "testing"

// go test -run '^$' -bench . (part of make bench)
func BenchmarkGenerateToken04(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := GenerateToken04(1, "user-000001", secret, 3600, `{"room_id":"room-0001","privilege":{"1":1,"2":1},"stream_id_list":null}`); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGenerateToken04GCM(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := GenerateToken04GCM(1, "user-000001", secret, 3600, `{"room_id":"room-0001","privilege":{"1":1,"2":1},"stream_id_list":null}`); err != nil {
			b.Fatal(err)
		}
	}
}
