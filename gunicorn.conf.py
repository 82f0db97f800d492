"""gunicorn settings for the web container (`gunicorn -c gunicorn.conf.py`); every value can be tuned
from the environment without rebuilding the image. Full reasoning: docs/deploy.md, "Web server".

Worker class: gthread. nginx sits in front and buffers slow clients and 50 MB uploads, so gunicorn
never waits on a slow network; what a request does wait on is PostgreSQL, Redis and S3. Threads
overlap those waits at a fraction of the memory of extra processes, and (unlike sync workers) they
keep HTTP/1.1 connections to nginx alive, which the nginx upstream `keepalive` pool relies on.
`GUNICORN_THREADS=1` turns the workers back into plain sync workers.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "metalpro.wsgi:application"
bind = [f"0.0.0.0:{_int('PORT', 8000)}"]

# Processes: the classic 2 x cores + 1, unless the operator sets WEB_CONCURRENCY (gunicorn's own name).
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"

# A request taking longer than this is killed (the worker is replaced): pages answer in milliseconds,
# the slowest legitimate request is a 50 MB attachment written to S3.
timeout = _int("GUNICORN_TIMEOUT", 60)
# On SIGTERM/SIGHUP, requests in flight get this long to finish (docker stop_grace_period is longer).
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Longer than nginx's upstream keepalive_timeout (60 s), so that nginx, never gunicorn, closes an idle
# connection and nginx never sends a request down a socket gunicorn is closing.
keepalive = _int("GUNICORN_KEEPALIVE", 65)

# Recycle each worker after about this many requests (jitter: not all at once) to cap slow leaks.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# The heartbeat file of each worker lives in memory: a container's overlay filesystem can stall
# for seconds under I/O load and get healthy workers killed as "timed out".
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# `gunicornc` (gunicorn's control tool: worker status, add/remove workers, reload) talks to this socket.
# The default lives under $HOME, which is read-only for the app user in the image.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "/tmp/gunicorn.ctl")

# Only nginx reaches gunicorn (the web port is not published); compose sets "*" for its network.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The application logs one line per request (with its request id, user and latency); gunicorn's own
# access log would only duplicate it. GUNICORN_ACCESS_LOG=1 turns it on, to stdout.
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "") in ("1", "true", "yes") else None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}i)s'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Request-line and header limits a little above the defaults: long filter query strings.
limit_request_line = 8190
limit_request_field_size = 8190
