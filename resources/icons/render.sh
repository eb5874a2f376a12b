#!/usr/bin/env bash
# Renders the PNG sizes of the hicolor theme from moechat.svg. Run by hand after editing the SVG
# (needs rsvg-convert from librsvg2-bin); the PNGs are committed so the build needs no renderer.
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 22 24 32 48 64 128 256 512; do
  rsvg-convert --width "$size" --height "$size" moechat.svg --output "moechat-$size.png"
done
