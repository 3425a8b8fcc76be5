<?php
/**
 * Checks that bindings/php/zego_token_ffi.h declares exactly the C API of include/zego_token.h:
 * every function prototype and the claims struct in the shipped header appear in the real one
 * (comments dropped, whitespace normalized), and every function of the real header is declared.
 *   php header-check.php include/zego_token.h bindings/php/zego_token_ffi.h
 */

declare(strict_types=1);

function normalize(string $c): string
{
    $c = (string) preg_replace('~/\*.*?\*/~s', ' ', $c);
    $c = (string) preg_replace('~//[^\n]*~', ' ', $c);
    $c = (string) preg_replace('~^\s*#.*$~m', ' ', $c);
    $c = (string) preg_replace('~\s+~', ' ', $c);
    return (string) preg_replace('~\s*([(),;*{}])\s*~', '$1', $c);
}
/** The function names declared (prototypes ending in ";") in normalized C. */
function functions(string $n): array
{
    preg_match_all('~([A-Za-z_][A-Za-z0-9_]*)\((?:[^()]|\([^()]*\))*\);~', $n, $m);
    return array_values(array_filter($m[1], fn($f) => str_starts_with($f, 'zego_')));
}

[$real, $ours] = [normalize((string) file_get_contents($argv[1])), normalize((string) file_get_contents($argv[2]))];
$failed = 0;
// Each statement of the shipped header (split at top-level ';') must appear verbatim in the real one.
$depth = 0;
$stmt = '';
$statements = [];
foreach (str_split($ours) as $ch) {
    $stmt .= $ch;
    $depth += $ch === '{' ? 1 : ($ch === '}' ? -1 : 0);
    if ($ch === ';' && $depth === 0) {
        $statements[] = trim($stmt);
        $stmt = '';
    }
}
foreach ($statements as $s) {
    if (!str_contains($real, $s)) {
        echo "  FAIL not in $argv[1]: $s\n";
        $failed++;
    }
}
$missing = array_diff(functions($real), functions($ours));
foreach ($missing as $f) {
    echo "  FAIL $f is in $argv[1] but not declared in $argv[2]\n";
    $failed++;
}
$n = count($statements);
$f = count(functions($ours));
echo $failed === 0 ? "  ok   the $n declarations of $argv[2] ($f functions) match $argv[1], which declares no other function\n" : '';
exit($failed === 0 ? 0 : 1);
