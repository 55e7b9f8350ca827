#!/usr/bin/env bash
# Regenerates the pictures in README.md: page 1 of the Blaricum letter and of the
# samenwerkingsdocument, as our PDF renders them. Needs pdftoppm (poppler-utils).
#   bash docs/pictures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --release --quiet -- build samples/gooi-en-vechtstreek.yaml --gemeente Blaricum --format pdf --out "$out" --quiet
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$out/blaricum/raadsinformatiebrief-2021-11-16-concept.pdf" docs/blaricum-brief-p1
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$out/samenwerkingsdocument-2021-11-16-concept.pdf" docs/samenwerkingsdocument-p1
pdftoppm -png -r 70 -f 4 -l 4 -singlefile "$out/samenwerkingsdocument-2021-11-16-concept.pdf" docs/samenwerkingsdocument-p4
ls -l docs/*.png
