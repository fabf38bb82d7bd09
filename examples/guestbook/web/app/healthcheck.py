"""HEALTHCHECK: healthy once the page server answers and reaches the database."""
import os
import sys
import urllib.request

port = os.environ.get("PORT", "8000")
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
        sys.exit(0 if r.status == 200 else 1)
except Exception as err:  # any failure is "unhealthy"; say why in the health log
    print(err)
    sys.exit(1)
