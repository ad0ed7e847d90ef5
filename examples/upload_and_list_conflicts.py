"""Upload articles through the Tally API, wait for them to parse, print the conflicts.

    python examples/upload_and_list_conflicts.py --api http://127.0.0.1:8000 \\
        --token "$TALLY_TOKEN" seeds/*.txt

Standard library only: a tool needs nothing but a token (manage.py create_api_token).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def call(api: str, token: str, path_or_url: str, body: dict | None = None) -> dict:
    url = path_or_url if "://" in path_or_url else api.rstrip("/") + path_or_url
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url,
        data=data,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as exc:  # the API's one error shape
        error = json.load(exc).get("error", {})
        message = f"{exc.code} {error.get('code')}: {error.get('message')}"
        raise SystemExit(message) from None


def upload(api: str, token: str, path: Path) -> dict:
    receipt = call(api, token, "/api/v1/articles/upload/", {"text": path.read_text()})
    state = "already uploaded" if receipt["duplicate"] else "uploaded"
    print(f"{state}: {path.name} -> {receipt['url']}")
    return receipt


def wait_parsed(api: str, token: str, urls: list[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    waiting = list(urls)
    while waiting:
        article = call(api, token, waiting[0])
        if article["status"] in ("parsed", "failed"):
            print(f"{article['status']}: article {article['id']}")
            waiting.pop(0)
        elif time.monotonic() > deadline:
            raise SystemExit(f"Article {article['id']} is still {article['status']}.")
        else:
            time.sleep(1)


def print_conflicts(api: str, token: str) -> int:
    url, count = "/api/v1/groups/?conflicting=true", 0
    while url:
        page = call(api, token, url)
        for group in page["results"]:
            count += 1
            figures = f"{group['low']} to {group['high']}"
            print(
                f"CONFLICT group {group['id']}: {group['party']} {group['category']} "
                f"({group['period']}), {figures}, {group['claim_count']} claims"
            )
        url = page["next"]
    print(f"Conflicts: {count}")
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, help="Article text files")
    parser.add_argument("--api", default="http://127.0.0.1:8000")
    parser.add_argument("--token", required=True)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args(argv)
    receipts = [upload(args.api, args.token, path) for path in args.paths]
    wait_parsed(args.api, args.token, [r["url"] for r in receipts], args.timeout)
    print_conflicts(args.api, args.token)
    return 0


if __name__ == "__main__":
    sys.exit(main())
