#!/bin/sh
# Mutation testing of the rules that matter most; prints the surviving mutants of each module.
# Cosmic Ray changes the files in place while it runs: run it on a clean tree and do not edit meanwhile.
# WORKERS=N (default 1) runs N mutants at once, each in its own copy of the committed tree
# (var/mutants/copies/<i>, served by `cosmic-ray http-worker`): a module's run takes 1/N of the time on N cores.
set -eu
out=var/mutants
mkdir -p "$out"
workers=${WORKERS:-1}
first_port=${MUTATION_PORT:-18750}

stop_workers() {
    for pid in $(cat "$out/copies/pids" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    rm -f "$out/copies/pids"
}

start_workers() {
    # Copies of the committed tree, not of the working files: a run never sees an edit made during it.
    rm -rf "$out/copies"
    mkdir -p "$out/copies"
    urls=""
    i=0
    while [ "$i" -lt "$workers" ]; do
        copy="$out/copies/$i"
        mkdir -p "$copy"
        git archive HEAD | tar -x -C "$copy"
        port=$((first_port + i))
        (cd "$copy" && exec cosmic-ray http-worker --port "$port" >worker.log 2>&1) &
        echo $! >>"$out/copies/pids"
        urls="$urls${urls:+, }'http://127.0.0.1:$port'"
        i=$((i + 1))
    done
    trap stop_workers EXIT INT TERM
    sleep 3  # the workers' HTTP servers up before the first mutant is sent
}

config_for() {
    # The module's config, with the http distributor in place of the local one when WORKERS > 1.
    if [ "$workers" -le 1 ]; then
        echo "mutation/$1.toml"
        return
    fi
    sed 's/^name = "local"$/name = "http"/' "mutation/$1.toml" >"$out/$1.http.toml"
    printf '\n[cosmic-ray.distributor.http]\nworker-urls = [%s]\n' "$urls" >>"$out/$1.http.toml"
    echo "$out/$1.http.toml"
}

[ "$workers" -gt 1 ] && start_workers
# MODULES: names of mutation/<name>.toml, all of them when empty.
for name in ${MODULES:-$(cd mutation && ls *.toml | sed 's/\.toml$//')}; do
    config=$(config_for "$name")
    if [ -z "${RESUME:-}" ] || [ ! -f "$out/$name.sqlite" ]; then
        rm -f "$out/$name.sqlite"
        cosmic-ray init "$config" "$out/$name.sqlite"
        cr-filter-operators "$out/$name.sqlite" "$config"
    fi  # RESUME=1: go on with the mutants a stopped run left (the tree must be the one it started on)
    cosmic-ray exec "$config" "$out/$name.sqlite"
    cr-report "$out/$name.sqlite" --show-pending > "$out/$name.txt"
    echo "$name: $(tail -n 3 "$out/$name.txt" | tr '\n' ' ')"
done
