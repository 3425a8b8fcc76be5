//go:build race

package zegotoken

func init() { raceEnabled = true }
