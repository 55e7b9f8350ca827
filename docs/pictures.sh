#!/usr/bin/env bash
# Regenerates the pictures in README.md: page 1 of the Blaricum letter and of the
# samenwerkingsdocument, and page 1 of a letter in the built-in style (Eemnes) next to
# the two sample Word templates (Gooise Meren, Huizen), as our PDF renders them.
# Needs pdftoppm (poppler-utils). System fonts are left out, so every machine gives
# the same pictures.
#   bash docs/pictures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export RAADSBRIEF_SYSTEEMLETTERTYPEN=0
cargo run --release --quiet -- build samples/gooi-en-vechtstreek.yaml --gemeente Blaricum \
  --gemeente Eemnes --gemeente "Gooise Meren" --gemeente Huizen --format pdf --out "$out" --quiet
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$out/blaricum/raadsinformatiebrief-2021-11-16-concept.pdf" docs/blaricum-brief-p1
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$out/samenwerkingsdocument-2021-11-16-concept.pdf" docs/samenwerkingsdocument-p1
pdftoppm -png -r 70 -f 4 -l 4 -singlefile "$out/samenwerkingsdocument-2021-11-16-concept.pdf" docs/samenwerkingsdocument-p4
for m in eemnes gooise-meren huizen; do
  pdftoppm -png -r 50 -f 1 -l 1 -singlefile "$out/$m/raadsinformatiebrief-2021-11-16-concept.pdf" "docs/huisstijl-$m"
done
ls -l docs/*.png
