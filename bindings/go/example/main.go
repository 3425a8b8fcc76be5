// Prints a GCM token from a Generator, verifies it and prints its claims; then a CBC token for a
// strict room payload:  go run ./example   (after `make install`; see ../README.md)
package main

import (
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	zegotoken "github.com/zego-token/zego-token/bindings/go"
)

func main() {
	const appID = 1
	secret := os.Getenv("ZEGO_SERVER_SECRET")
	if secret == "" {
		secret = "fa94dd0f974cf2e293728a526b028271"
	}

	gen, err := zegotoken.NewGenerator(appID, secret, zegotoken.ModeGCM)
	if err != nil {
		log.Fatal(err)
	}
	defer gen.Close()
	token, err := gen.Generate("demo", 3600, "")
	if err != nil {
		log.Fatal(err)
	}
	claims, err := zegotoken.Verify(token, secret, appID, time.Now())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(token)
	fmt.Printf("%+v\n", claims)

	payload, err := zegotoken.BuildRTCRoomPayload("demo-room", true, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	cbc, err := zegotoken.GenerateToken04(appID, "demo", secret, 3600, payload)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cbc)
	if _, err := zegotoken.Verify(cbc, secret, appID, time.Now()); errors.Is(err, zegotoken.ErrTokenModeNotAllowed) {
		fmt.Println("Verify rejects CBC tokens unless AllowCBC() is passed:", err)
	}
}
