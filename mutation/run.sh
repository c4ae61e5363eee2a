#!/bin/sh
# Mutation testing of the rules that matter most; prints the surviving mutants of each module.
# Cosmic Ray changes the files in place while it runs: run it on a clean tree and do not edit meanwhile.
set -eu
out=var/mutants
mkdir -p "$out"
# MODULES: names of mutation/<name>.toml, all of them when empty.
for name in ${MODULES:-$(cd mutation && ls *.toml | sed 's/\.toml$//')}; do
    rm -f "$out/$name.sqlite"
    cosmic-ray init "mutation/$name.toml" "$out/$name.sqlite"
    cr-filter-operators "$out/$name.sqlite" "mutation/$name.toml"
    cosmic-ray exec "mutation/$name.toml" "$out/$name.sqlite"
    cr-report "$out/$name.sqlite" --show-pending > "$out/$name.txt"
    echo "$name: $(tail -n 3 "$out/$name.txt" | tr '\n' ' ')"
done
