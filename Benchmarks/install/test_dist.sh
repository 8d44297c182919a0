#!/usr/bin/env bash
# Checks the release tarball the way a user without Swift would use it (docs/install.md):
# unpacks it into an empty prefix and, with an empty environment (HOME and PATH=/usr/bin:/bin
# only: no toolchain on PATH, no LD_LIBRARY_PATH), runs --version, models status, models install
# (must find the installed installer; with the models present it only verifies them) and an
# analyze of SampleVideos/deadlift-fatigue.mp4; checks `ldd` names no library of the Swift
# toolchain and nothing missing, and that the man page and completions are there.
#
#   bash Benchmarks/install/test_dist.sh [out/hingecheck-VERSION-linux-x86_64.tar.gz]
#
# Needs: the tarball (`make dist`), the models (`make models`). Exit 0 = every check passed.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/PoseCore/LandmarkFileHeader.swift)
tarball=${1:-out/hingecheck-$version-linux-x86_64.tar.gz}
[ -f "$tarball" ] || { echo "test_dist: no $tarball (run make dist)" >&2; exit 2; }
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift || echo /opt/swift/usr/bin/swift)")")")

prefix=$(mktemp -d /tmp/hingecheck-prefix.XXXXXX)
work=$(mktemp -d /tmp/hingecheck-dist-test.XXXXXX)
trap 'rm -rf "$prefix" "$work"' EXIT
tar -xzf "$tarball" -C "$prefix" --strip-components=1
hc=$prefix/bin/hingecheck
clean() { env -i HOME="$HOME" PATH=/usr/bin:/bin "$@"; }
fail() { echo "test_dist: FAIL: $*" >&2; exit 1; }
pass=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }

for f in bin/hingecheck share/man/man1/hingecheck.1 share/bash-completion/completions/hingecheck \
         share/zsh/site-functions/_hingecheck share/fish/vendor_completions.d/hingecheck.fish \
         share/hingecheck/install-models.sh share/hingecheck/convert_blazepose.py; do
  [ -s "$prefix/$f" ] || fail "$f missing from the tarball"
done
ok "layout: bin, man page, bash/zsh/fish completions, model installer"

clean ldd "$hc" > "$work/ldd.txt"
if grep -q "not found" "$work/ldd.txt"; then cat "$work/ldd.txt"; fail "ldd: a library is missing"; fi
if grep -qE "$toolchain|libswift|libFoundation|libdispatch|libBlocksRuntime" "$work/ldd.txt"; then
  grep -E "$toolchain|libswift|libFoundation|libdispatch|libBlocksRuntime" "$work/ldd.txt"; fail "ldd: links the Swift toolchain's libraries"
fi
ok "ldd: $(wc -l < "$work/ldd.txt") libraries, none from $toolchain, none missing"
# The packages of the libraries it names directly (apt brings the rest): what a machine needs.
needed=$(readelf -d "$hc" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
pkgs=$(for lib in $needed; do
  path=$(awk -v l="$lib" '$1 == l {print $3}' "$work/ldd.txt")
  dpkg -S "$path" 2>/dev/null || dpkg -S "/usr$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null || echo "?$lib:"
done | cut -d: -f1 | sort -u | tr '\n' ' ')
echo "   needs $(echo $needed | wc -w) libraries directly, from: $pkgs"

v=$(clean "$hc" --version)
[ "$v" = "$version" ] || fail "--version printed '$v', expected $version"
ok "--version = $v"

clean "$hc" models status > "$work/status.txt" || { cat "$work/status.txt"; fail "models status (run make models first)"; }
ok "models status: $(tail -1 "$work/status.txt")"

clean "$hc" models install > "$work/install.txt" 2>&1 || { cat "$work/install.txt"; fail "models install"; }
grep -q "running $prefix/share/hingecheck/install-models.sh" "$work/install.txt" \
  || { cat "$work/install.txt"; fail "models install did not use the installed installer"; }
ok "models install ran $prefix/share/hingecheck/install-models.sh: $(tail -1 "$work/install.txt")"

start=$(date +%s.%N)
clean "$hc" analyze SampleVideos/deadlift-fatigue.mp4 --json > "$work/analysis.json" 2> "$work/analyze.err" \
  || { cat "$work/analyze.err"; fail "analyze"; }
secs=$(echo "$(date +%s.%N) - $start" | bc)
reps=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["result"]["reps"]) if "result" in d else len(d.get("reps", [])))' "$work/analysis.json")
[ "$reps" -gt 0 ] || fail "analyze found no reps"
ok "analyze deadlift-fatigue.mp4: $reps reps in ${secs%???????}s"

# (to files: grep -q closing a pipe early would fail the writer under pipefail)
clean "$hc" --generate-completion-script bash > "$work/completion.bash"
grep -q "complete -.*hingecheck" "$work/completion.bash" || fail "bash completion"
bash -n "$prefix/share/bash-completion/completions/hingecheck" || fail "installed bash completion does not parse"
clean man -l "$prefix/share/man/man1/hingecheck.1" > "$work/man.txt" 2>/dev/null
grep -q "analyze" "$work/man.txt" || fail "man page has no analyze"
ok "completions and man page render"
echo "$pass passed, 0 failed"
