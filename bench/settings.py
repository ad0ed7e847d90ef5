"""Bench-only settings: the product's settings plus a trivial JSON view as a baseline.

Used only by the benchmark servers (DJANGO_SETTINGS_MODULE=bench.settings), so the
baseline route never exists in the product.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# collectstatic for the DEBUG=false servers goes here, not into the product's tree.
STATIC_ROOT = BASE_DIR / "bench" / ".staticfiles"  # noqa: F405
