# The Go app that the install tests build against the dist/ Go module (sourced by
# scripts/dist-test.sh and scripts/dist-test-aarch64.sh): write_go_app APP_DIR MODULE_PATH MODULE_DIR
write_go_app() {
  local app=$1 modpath=$2 mod=$3
  cat > "$app/go.mod" <<GOMOD
module example.com/tokenapp

go 1.19

require $modpath v0.0.0

replace $modpath => $mod
GOMOD
  cat > "$app/main.go" <<GO
package main

import (
	"fmt"
	"os"
	"time"

	zegotoken "$modpath"
)

func main() {
	const secret = "fa94dd0f974cf2e293728a526b028271"
	cbc, err := zegotoken.GenerateToken04(1234, "go-user", secret, 3600, "")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	g, err := zegotoken.NewGenerator(1234, secret, zegotoken.ModeGCM)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	defer g.Close()
	gcm, err := g.Generate("go-user", 3600, "")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	if _, err := zegotoken.Verify(gcm, secret, 1234, time.Now()); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println(cbc)
	fmt.Println(gcm)
}
GO
}
