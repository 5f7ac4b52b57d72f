#!/usr/bin/env bash
# Rebuilds the workbooks made by another tool than the Open XML SDK: LibreOffice Calc converts the hand-written sources
# beside this script to .xlsx. The .xlsx files are committed, so neither the tests nor CI need LibreOffice; run this
# only to change a source or to try another LibreOffice version.
#   sudo apt-get install -y libreoffice-calc-nogui     # Debian's LibreOffice (7.4 on Debian 12 made the committed files)
#   DataStoryBot.Tests/TestData/Workbooks/regenerate.sh
#
#   sales.fods       -> libreoffice-sales.xlsx    four sheets: Sales (a title row, a blank row, the header, Region merged
#                                                 down over its rows, dates, a date-time, money, a formula, booleans),
#                                                 Staff (other columns, a formula), Empty, Lookup (hidden)
#   dates-1904.fods  -> libreoffice-1904.xlsx     the 1904 date system (null date 1904-01-01)
#   weather.csv      -> libreoffice-weather.xlsx  a CSV opened as LibreOffice does (comma, UTF-8, en-US: ISO dates become dates)
set -euo pipefail
cd "$(dirname "$0")"
command -v soffice >/dev/null || { echo "soffice not found: sudo apt-get install -y libreoffice-calc-nogui" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
convert() { # source, target, extra soffice arguments
  local source="$1" target="$2"; shift 2
  soffice --headless "-env:UserInstallation=file://$WORK/profile" "$@" --convert-to xlsx --outdir "$WORK" "$source" >/dev/null
  mv "$WORK/${source%.*}.xlsx" "$target"
  echo "$source -> $target ($(stat -c %s "$target") bytes)"
}

convert sales.fods libreoffice-sales.xlsx
convert dates-1904.fods libreoffice-1904.xlsx
# CSV filter options: comma (44), double quote (34), UTF-8 (76), from line 1, standard column types, en-US (1033).
convert weather.csv libreoffice-weather.xlsx --infilter=CSV:44,34,76,1,,1033
soffice --version | head -1
