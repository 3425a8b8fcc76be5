#!/usr/bin/env bash
# ns/token through the PHP binding against the C ABI's figures of the same run (make bench):
#   bindings/php/bench.sh target/bench/c.json
# One-shot CBC (ZegoToken::generateToken04) against C's one-shot CBC, and Generator::generate
# (GCM) against C's GCM generator; target: each at most 2.5x the C figure. Runs with opcache on,
# as under php-fpm; the library is the tree's build (ZEGO_TOKEN_LIB).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
C_JSON=${1:?usage: bindings/php/bench.sh C_JSON}
"$ROOT/scripts/ensure-tools.sh" php:php-cli
[ -f "$ROOT/target/release/libzego_token.so" ] || { echo "error: build the library first (make lib)" >&2; exit 1; }
out=$(ZEGO_TOKEN_LIB=$ROOT/target/release/libzego_token.so php -d opcache.enable_cli=1 "$ROOT/bindings/php/bench.php" "${PHP_BENCH_ROUNDS:-101}" "${PHP_BENCH_N:-1000}")
php -r '
$c = json_decode(file_get_contents($argv[1]), true);
$p = json_decode($argv[2], true);
$target = 2.5;
$rows = [
    ["php ZegoToken::generateToken04 (one-shot, CBC)", $p["oneshot_cbc"], "C one-shot CBC", $c["oneshot_cbc"]],
    ["php Generator::generate (GCM)", $p["generator_gcm"], "C generator GCM", $c["generator_gcm"]],
];
printf("%-48s %9s  %-18s %8s  %5s  target\n", "PHP API", "ns/token", "against", "ns/token", "ratio");
foreach ($rows as [$name, $ns, $cname, $cns]) {
    $r = $ns / $cns;
    printf("%-48s %9.0f  %-18s %8.0f  %5.2f  <= %.1fx %s\n", $name, $ns, $cname, $cns, $r, $target, $r <= $target ? "met" : "missed");
}
printf("(medians of %d short interleaved rounds, as in the C bench; best rounds: one-shot CBC %.0f, Generator GCM %.0f ns/token; the machine is shared, so compare with the C figures of the same run)\n",
    getenv("PHP_BENCH_ROUNDS") ?: 101, $p["oneshot_cbc_best"], $p["generator_gcm_best"]);
printf("(also: php one-shot GCM %.0f ns/token, %.2fx C one-shot GCM; php Generator CBC %.0f ns/token, %.2fx C generator CBC)\n",
    $p["oneshot_gcm"], $p["oneshot_gcm"] / $c["oneshot_gcm"], $p["generator_cbc"], $p["generator_cbc"] / $c["generator_cbc"]);
' "$C_JSON" "$out"
