"""Deployment files (issue 8): docker-compose.yml, Dockerfile, gunicorn.conf.py, deploy/nginx.conf.

Docker images cannot be built or pulled here, so the files are checked for what can go wrong without
Docker: a service, volume, file or variable referenced but missing, a service without a health check,
a root user, a static build that fails. nginx and `docker compose config` are run when installed.
"""

import datetime
import importlib.util
import os
import re
import runpy
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("deploy_healthcheck", ROOT / "deploy" / "healthcheck.py")
healthcheck = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(healthcheck)
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
REQUIRED_SERVICES = {"postgres", "redis", "web", "worker", "beat", "nginx", "migrate"}


def is_one_shot(service: dict) -> bool:
    """A release step or a tool run by hand: it exits, so it has nothing to be healthy about."""
    return str(service.get("restart", "no")) == "no" or bool(service.get("profiles"))


def long_running() -> dict[str, dict]:
    return {name: service for name, service in SERVICES.items() if not is_one_shot(service)}


def mounts(service: dict) -> list[tuple[str, str]]:
    """(source, target) of each volume entry, short or long syntax."""
    result = []
    for entry in service.get("volumes", []):
        if isinstance(entry, dict):
            result.append((entry["source"], entry["target"]))
        else:
            source, target = entry.split(":")[:2]
            result.append((source, target))
    return result


def is_bind(source: str) -> bool:
    return source.startswith((".", "/", "~"))


def dockerfile_stages() -> list[list[str]]:
    """The Dockerfile as stages of logical lines (continuations joined, comments dropped)."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    stages: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            stages.append([])
        if stages:
            stages[-1].append(line)
    return stages


# --- docker-compose.yml -----------------------------------------------------------------------------
def test_compose_defines_the_whole_stack():
    assert set(SERVICES) >= REQUIRED_SERVICES


@pytest.mark.parametrize("name", sorted(long_running()))
def test_every_long_running_service_has_a_health_check(name):
    healthcheck_ = SERVICES[name].get("healthcheck", {})

    assert healthcheck_.get("test"), f"{name} has no health check"
    assert not healthcheck_.get("disable")


def test_migrations_run_once_before_the_app_starts():
    migrate = SERVICES["migrate"]

    assert is_one_shot(migrate)
    assert "migrate --noinput" in " ".join(migrate["command"])
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_depends_on_points_at_services_that_can_satisfy_the_condition(name):
    depends_on = SERVICES[name].get("depends_on", {})
    assert isinstance(depends_on, dict), "depends_on must state a condition"

    for target, spec in depends_on.items():
        assert target in SERVICES, f"{name} depends on unknown {target}"
        assert target != name
        if spec["condition"] == "service_healthy":
            assert SERVICES[target].get("healthcheck", {}).get("test"), f"{target} has no health check"
        else:
            assert spec["condition"] == "service_completed_successfully"
            assert is_one_shot(SERVICES[target])


def test_every_named_volume_used_is_declared():
    declared = set(COMPOSE.get("volumes") or {})
    used = {source for service in SERVICES.values() for source, _ in mounts(service) if not is_bind(source)}

    assert used <= declared, used - declared
    assert {"pgdata", "media", "static", "backups"} <= used


def test_every_bind_mounted_file_exists_in_the_repo():
    binds = [source for service in SERVICES.values() for source, _ in mounts(service) if is_bind(source)]

    assert binds
    for source in binds:
        assert (ROOT / source).exists(), source


def test_build_context_and_dockerfile_exist():
    builds = [service["build"] for service in SERVICES.values() if "build" in service]

    assert builds
    for build in builds:
        context = ROOT / build["context"]
        assert context.is_dir()
        assert (context / build.get("dockerfile", "Dockerfile")).is_file()


def test_env_files_have_a_committed_example():
    env_files = {service["env_file"] for service in SERVICES.values() if "env_file" in service}

    assert env_files == {".env"}
    assert (ROOT / ".env.example").is_file()


def test_every_variable_the_compose_file_reads_is_in_env_example():
    raw = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)", raw))
    example = set(re.findall(r"^#?\s*([A-Z_][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.MULTILINE))

    assert used
    assert used <= example, sorted(used - example)


def test_only_nginx_publishes_ports_and_on_web_ports():
    published = {name: service["ports"] for name, service in SERVICES.items() if service.get("ports")}

    assert set(published) == {"nginx"}
    targets = {int(str(port).rsplit(":", 1)[-1]) for port in published["nginx"]}
    assert targets == {80, 443}


def test_app_services_share_one_image_and_the_production_settings():
    app = [SERVICES[name] for name in ("migrate", "web", "worker", "beat")]

    assert len({service["image"] for service in app}) == 1
    for service in app:
        assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "metalpro.settings.production"
        assert service["environment"]["NUM_PROXIES"] == "1"


def test_nginx_mounts_its_config_and_the_static_volume_read_only():
    volumes = dict(mounts(SERVICES["nginx"]))
    entries = " ".join(SERVICES["nginx"]["volumes"])

    assert volumes["./deploy/nginx.conf"] == "/etc/nginx/nginx.conf"
    assert volumes["static"] == "/srv/static"
    assert "static:/srv/static:ro" in entries


def test_compose_file_validates_with_docker_compose(tmp_path):
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        command, text = ["docker", "compose"], (ROOT / "docker-compose.yml").read_text()
    elif shutil.which("docker-compose"):  # v1 (Debian's) does not know the top-level `name`
        command, text = ["docker-compose"], re.sub(r"(?m)^name: .*$", "", (ROOT / "docker-compose.yml").read_text())
    else:
        pytest.skip("docker compose is not installed")
    (tmp_path / "docker-compose.yml").write_text(text)
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text() + "\nPOSTGRES_PASSWORD=test\n")
    (tmp_path / "Dockerfile").touch()

    result = subprocess.run([*command, "config", "--quiet"], cwd=tmp_path, capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr


# --- Dockerfile, .dockerignore ------------------------------------------------------------------------
def test_dockerfile_is_multi_stage_and_the_final_stage_runs_as_a_non_root_user():
    stages = dockerfile_stages()
    final = stages[-1]
    users = [line.split()[1] for line in final if line.upper().startswith("USER ")]

    assert len(stages) >= 2
    assert users
    assert users[-1].split(":")[0] not in ("root", "0")


def test_final_image_has_no_build_tools_and_copies_the_built_environment():
    final = " ".join(dockerfile_stages()[-1])

    assert "build-essential" not in final
    assert "gcc" not in final
    assert "COPY --from=builder" in final


def test_dockerfile_collects_static_files_with_production_settings_and_a_build_only_secret():
    final = dockerfile_stages()[-1]
    collect = next(line for line in final if "collectstatic" in line)

    assert "--noinput" in collect
    assert any("DJANGO_SETTINGS_MODULE=metalpro.settings.production" in line for line in final)
    assert not any(line.upper().startswith("ENV") and "SECRET_KEY" in line for line in final)
    assert "SECRET_KEY=" in collect  # only in the environment of that one command


def test_dockerfile_health_check_probes_liveness_and_runs_gunicorn_with_its_config():
    final = " ".join(dockerfile_stages()[-1])

    assert re.search(r"HEALTHCHECK .*deploy/healthcheck\.py.*/health/live", final)
    assert re.search(r'CMD \["gunicorn", "--config", "gunicorn\.conf\.py"\]', final)


@pytest.mark.parametrize("pattern", [".git", ".venv", "var", "test-results", "media", "backups", ".env"])
def test_dockerignore_keeps_local_state_out_of_the_image(pattern):
    lines = (ROOT / ".dockerignore").read_text().splitlines()

    assert pattern in lines


# --- gunicorn ------------------------------------------------------------------------------------------
def gunicorn_config(monkeypatch, **env: str) -> dict:
    for name in ("PORT", "WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_defaults_to_two_workers_per_core_plus_one(monkeypatch):
    config = gunicorn_config(monkeypatch)

    assert config["workers"] == 2 * os.cpu_count() + 1
    assert config["bind"] == ["0.0.0.0:8000"]
    assert config["worker_class"] == "gthread"
    assert config["accesslog"] is None


def test_gunicorn_takes_port_and_workers_from_the_environment(monkeypatch):
    config = gunicorn_config(monkeypatch, PORT="9001", WEB_CONCURRENCY="3", GUNICORN_THREADS="1")

    assert config["bind"] == ["0.0.0.0:9001"]
    assert config["workers"] == 3
    assert config["worker_class"] == "sync"


def test_gunicorn_recycles_workers_with_jitter_and_keeps_connections_longer_than_nginx(monkeypatch):
    config = gunicorn_config(monkeypatch)
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    upstream_idle = int(re.search(r"upstream metalpro_web \{[^}]*keepalive_timeout (\d+)s", nginx).group(1))

    assert config["max_requests"] > 0
    assert 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["graceful_timeout"] <= config["timeout"]
    assert config["keepalive"] > upstream_idle


def test_gunicorn_loads_the_application_with_its_config():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    env.update(SECRET_KEY=secrets.token_urlsafe(64), DJANGO_SETTINGS_MODULE="metalpro.settings.production")

    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        pytest.param("metalpro.ro,www.metalpro.ro", "metalpro.ro", id="first-host"),
        pytest.param(".metalpro.ro", "metalpro.ro", id="subdomain-wildcard"),
        pytest.param("*,metalpro.ro", "metalpro.ro", id="skips-star"),
        pytest.param("", "localhost", id="unset"),
    ],
)
def test_container_health_probe_sends_an_allowed_host(monkeypatch, allowed_hosts, host):
    monkeypatch.setenv("ALLOWED_HOSTS", allowed_hosts)

    assert healthcheck.probe_host() == host


def test_container_health_probe_fails_when_nothing_listens(monkeypatch, unused_port):
    monkeypatch.setenv("PORT", str(unused_port))

    assert healthcheck.main("/health/live") == 1


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- static files as built into the image -----------------------------------------------------------
COLLECT_AND_SERVE = """
import sys
import django
from django.core.management import call_command
from django.test import Client

django.setup()
call_command("collectstatic", "--noinput", verbosity=0)
from django.contrib.staticfiles.storage import staticfiles_storage
url = staticfiles_storage.url("css/site.css")
response = Client().get(url, HTTP_HOST="metalpro.ro", HTTP_X_FORWARDED_PROTO="https", HTTP_ACCEPT_ENCODING="gzip")
print(url)
print(response.status_code)
print(response.headers.get("Cache-Control"))
print(response.headers.get("Content-Encoding"))
"""


def test_production_static_build_serves_hashed_files_compressed_with_an_immutable_cache(tmp_path):
    (tmp_path / "collect_settings.py").write_text(
        f"from metalpro.settings.production import *  # noqa: F403\nSTATIC_ROOT = {str(tmp_path / 'static')!r}\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_SETTINGS_MODULE="collect_settings",
        PYTHONPATH=f"{tmp_path}{os.pathsep}{ROOT}",
        ALLOWED_HOSTS="metalpro.ro",
    )

    result = subprocess.run(
        [sys.executable, "-c", COLLECT_AND_SERVE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )

    assert result.returncode == 0, result.stderr
    url, status, cache_control, encoding = result.stdout.strip().splitlines()[-4:]
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    assert status == "200"
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 365 * 24 * 3600
    assert encoding == "gzip"
    assert (tmp_path / "static" / "staticfiles.json").is_file()


# --- nginx --------------------------------------------------------------------------------------------
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()


def test_nginx_redirects_http_to_https_except_acme_challenges():
    http_server = NGINX.split("listen 80")[1].split("server {")[0]

    assert "location /.well-known/acme-challenge/" in http_server
    assert "return 301 https://$host$request_uri;" in http_server


@pytest.mark.parametrize(
    "directive",
    [
        "ssl_protocols TLSv1.2 TLSv1.3;",
        'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains; preload" always;',
        "client_max_body_size 50m;",
        "gzip on;",
        "expires max;",
        'add_header Cache-Control "public, immutable";',
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header Host $host;",
        "proxy_set_header X-Request-ID $metalpro_request_id;",
        "server web:8000",
        "keepalive 32;",
    ],
)
def test_nginx_config_has(directive):
    assert directive in NGINX


def self_signed_certificate(directory: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "metalpro.test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    (directory / "fullchain.pem").write_bytes(pem)
    (directory / "chain.pem").write_bytes(pem)
    (directory / "privkey.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


def test_nginx_accepts_the_config(tmp_path):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not nginx:
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    self_signed_certificate(tmp_path)
    # Only what exists inside the compose network differs: the certificate directory and the upstream
    # host name (nginx resolves it while checking).
    config = NGINX.replace("/etc/letsencrypt/live/metalpro/", f"{tmp_path}/").replace("web:8000", "127.0.0.1:8000")
    (tmp_path / "nginx.conf").write_text(config)

    result = subprocess.run(
        [nginx, "-t", "-q", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
