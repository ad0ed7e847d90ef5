"""Test-only faults for worker subprocesses (`celery worker -I tests.faults.hooks`).

Never imported by the product. In each pool process it wraps the extraction engine
as the parse service sees it, so an article whose text carries a marker misbehaves
exactly where a real engine failure would, after the attempt has been counted:

- ``POISON-EXIT``: the process dies on the spot (as on a segfault or an OOM kill);
- ``POISON-RAISE``: the engine raises;
- ``SLOW-PARSE``: the engine takes FAULTS_SLOW_PARSE_SECONDS (room to cut the
  database connection mid-parse).
"""

import os
import time

from celery.signals import worker_process_init


@worker_process_init.connect
def install_faulty_engine(**kwargs) -> None:
    from claims.services import articles

    engine = articles.extract_claims

    def faulty_extract_claims(text: str, *args, **kwargs):
        if "POISON-EXIT" in text:
            os._exit(70)
        if "POISON-RAISE" in text:
            raise RuntimeError("poisoned article")
        if "SLOW-PARSE" in text:
            time.sleep(float(os.environ.get("FAULTS_SLOW_PARSE_SECONDS", "3")))
        return engine(text, *args, **kwargs)

    articles.extract_claims = faulty_extract_claims
