// Prints a GCM token and its claims: ZEGO_TOKEN_LIB=/path/to/libzego_token.so go run ./example
package main

import (
	"fmt"
	"log"
	"os"

	zegotoken "github.com/zego-token/zego-token/bindings/go"
)

func main() {
	secret := os.Getenv("ZEGO_SERVER_SECRET")
	if secret == "" {
		secret = "fa94dd0f974cf2e293728a526b028271"
	}
	token, err := zegotoken.GenerateToken04GCM(1, "demo", secret, 3600, "")
	if err != nil {
		log.Fatal(err)
	}
	claims, err := zegotoken.Decode(token, secret)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(token)
	fmt.Printf("%+v\n", claims)
}
