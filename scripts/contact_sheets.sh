#!/bin/sh
# Contact sheets of the seed deck, one PNG per built-in theme and one for a 4:3 demo template:
#   scripts/contact_sheets.sh [NOTE.md] [-o OUT]      (default OUT: output/contact-sheets/)
# Needs LibreOffice; run from anywhere inside the checkout.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
python="$here/.venv/bin/python"
[ -x "$python" ] || python=python3
exec "$python" "$here/scripts/contact_sheets.py" "$@"
