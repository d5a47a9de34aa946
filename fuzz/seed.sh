#!/usr/bin/env bash
# Fills the (gitignored) fuzz corpora from the shared real-world specs, so no
# corpus file is ever committed. Usage: fuzz/seed.sh [CORPUS_DIR]
#   corpus/generate_json/  every spec under 200 KB (libFuzzer mutates the text)
#   corpus/seeds/          specs under 50 KB, the starting documents that
#                          generate_structured mutates (smaller = more exec/s)
set -euo pipefail
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
src=${1:-$fuzz_dir/../../shared/corpus}
if [ ! -d "$src" ]; then
    echo "seed.sh: no corpus at $src" >&2
    exit 1
fi
mkdir -p "$fuzz_dir/corpus/generate_json" "$fuzz_dir/corpus/seeds" "$fuzz_dir/corpus/generate_structured"
count_json=0
count_seeds=0
while IFS= read -r -d '' file; do
    # v3.0/foo.yaml -> v3.0__foo.yaml: keeps names unique and flat.
    name=$(realpath --relative-to="$src" "$file" | tr '/' '_')
    size=$(stat -c %s "$file")
    cp "$file" "$fuzz_dir/corpus/generate_json/$name"
    count_json=$((count_json + 1))
    if [ "$size" -lt 51200 ]; then
        cp "$file" "$fuzz_dir/corpus/seeds/$name"
        count_seeds=$((count_seeds + 1))
    fi
done < <(find "$src" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) -size -200k -print0 | sort -z)
echo "seed.sh: $count_json specs in corpus/generate_json, $count_seeds in corpus/seeds"
