#!/usr/bin/env bash
# The glibc floor check: every ELF file given (or found under a directory given, or inside a
# .whl, .tar.gz/.tgz (npm packs too), .deb, .zip or .jar given or found) may need glibc symbol
# versions up to GLIBC_MAX (default 2.17) only. It reads each ELF's version needs
# (.gnu.version_r, `readelf -V`: the versioned symbols it will ask the loader for, as auditwheel
# does) and prints each file with the highest GLIBC_ version it needs. Static archives (.a) carry
# no version needs (the program they are linked into gets its own at that link); they are listed,
# not judged.
# Usage: scripts/glibc-floor.sh [-q] PATH...   (GLIBC_MAX=2.17)
set -euo pipefail
max=${GLIBC_MAX:-2.17}
quiet=0
[ "${1:-}" = -q ] && { quiet=1; shift; }
[ $# -gt 0 ] || { echo "usage: $0 [-q] PATH..." >&2; exit 2; }
command -v readelf >/dev/null || { echo "glibc-floor: needs readelf (binutils)" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/glibc-floor.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
bad=0 elves=0 n=0

is_elf() { [ "$(head -c4 "$1" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; }

check_elf() { # $1 file, $2 the name to print
  local f=$1 name=$2 need
  elves=$((elves + 1))
  # Version needs only (not the versions a library defines for itself).
  need=$(readelf -V --wide "$f" 2>/dev/null \
    | awk '/Version needs section/ {s=1; next} /^Version|^$/ {if (s) s=0} s' \
    | grep -o 'Name: GLIBC_[0-9.]*' | sed 's/Name: GLIBC_//' | sort -uV | tail -1 || true)
  if [ -z "$need" ]; then
    [ $quiet = 1 ] || printf '  %-70s no glibc version needs\n' "$name"
    return
  fi
  if [ "$(printf '%s\n%s\n' "$need" "$max" | sort -V | tail -1)" != "$max" ]; then
    printf 'FAIL %-68s needs GLIBC_%s > GLIBC_%s:\n' "$name" "$need" "$max" >&2
    # Name the symbols, as auditwheel does.
    readelf --dyn-syms --wide "$f" | grep -oE '[A-Za-z0-9_]+@GLIBC_[0-9.]+' | sort -u \
      | while read -r s; do v=${s##*@GLIBC_}
          [ "$(printf '%s\n%s\n' "$v" "$max" | sort -V | tail -1)" = "$max" ] || echo "       $s" >&2
        done
    bad=$((bad + 1))
  else
    [ $quiet = 1 ] || printf '  %-70s GLIBC_%s\n' "$name" "$need"
  fi
}

walk() { # $1 path, $2 the name to print
  local p=$1 name=$2 d
  if [ -d "$p" ]; then
    while IFS= read -r -d '' f; do walk "$f" "$name${f#"$p"}"; done < <(find "$p" -type f -print0 | sort -z)
    return
  fi
  case $p in
    *.whl | *.zip | *.jar | *.tar.gz | *.tgz | *.deb)
      n=$((n + 1)); d=$tmp/$n; mkdir -p "$d"
      case $p in
        *.whl | *.zip | *.jar) python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$p" "$d" ;;
        *.deb) dpkg-deb -x "$p" "$d" ;;
        *) tar -xzf "$p" -C "$d" ;;
      esac
      walk "$d" "$name!"
      return ;;
    *.a) [ $quiet = 1 ] || printf '  %-70s static archive: no version needs of its own\n' "$name"; return ;;
  esac
  if is_elf "$p"; then check_elf "$p" "$name"; fi
}

for p in "$@"; do
  [ -e "$p" ] || { echo "glibc-floor: no such file: $p" >&2; exit 1; }
  walk "$p" "$p"
done
[ $elves -gt 0 ] || { echo "glibc-floor: no ELF file found in: $*" >&2; exit 1; }
if [ $bad -gt 0 ]; then echo "glibc-floor: $bad of $elves ELF files need more than GLIBC_$max" >&2; exit 1; fi
echo "glibc-floor: all $elves ELF files need GLIBC_$max or older"
