"""Container health probe: `python deploy/healthcheck.py [PATH]` exits 0 when the local gunicorn
answers PATH (default /health/live) with 2xx.

The probe sends a Host header from ALLOWED_HOSTS: a bare 127.0.0.1 would be refused by Django with
400 (DisallowedHost) and mark a healthy container unhealthy. Standard library only: it must start
fast and never import Django.
"""

import http.client
import os
import sys


def probe_host() -> str:
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main(path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", int(os.environ.get("PORT", "8000")), timeout=5)
    try:
        connection.request("GET", path, headers={"Host": probe_host(), "X-Forwarded-Proto": "https"})
        status = connection.getresponse().status
    except OSError as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if not 200 <= status < 300:
        print(f"unhealthy: {path} answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/health/live"))
