"""Settings: one small dataclass per concern, read from the environment.

Everything has an embedded default (SQLite, local media/, embedded search, mail to the console)
so `werkgeversportaal serve` works on a fresh machine. In production mode (APP_ENV=production)
a missing SECRET_KEY or DATABASE_URL stops start-up with a clear message.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class SettingsError(RuntimeError):
    """The environment does not describe a runnable configuration."""


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _env_bool(name: str, default: bool) -> bool:
    raw = _env(name)
    if not raw:
        return default
    return raw.lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from exc


def _env_float(name: str, default: float) -> float:
    raw = _env(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from exc
    if not value > 0:
        raise SettingsError(f"{name} must be more than 0, got {raw!r}")
    return value


@dataclass
class AppSettings:
    env: str = "development"
    secret_key: str = ""
    base_url: str = "http://127.0.0.1:8000"
    default_locale: str = "nl"
    templates_dir: Path = PROJECT_ROOT / "templates"
    static_dir: Path = PROJECT_ROOT / "src" / "werkgeversportaal" / "static"
    var_dir: Path = PROJECT_ROOT / "var"
    debug: bool = False
    # Pages (GET/HEAD) a server process works on at once; more wait their turn, first come first
    # served, for at most `request_queue_seconds` (then they are served anyway, so one slow
    # dependency cannot hold up every page). 0 = no limit. See lib/middleware.ConcurrencyLimit.
    # 4 rather than 8: 6 % more pages per second and the search page's p95 6 % lower under the load
    # benchmark (four interleaved pairs of 30 s, bench/load_bench.py --reuse); a page waits on the
    # database for a small part of its time, so four at once keep a core busy.
    request_concurrency: int = 4
    request_queue_seconds: float = 1.0

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def serves_https(self) -> bool:
        """Cookies are marked Secure (and HSTS is sent in production) when the portal is on HTTPS."""
        return self.base_url.startswith("https://")

    @property
    def is_local(self) -> bool:
        from urllib.parse import urlsplit

        return (urlsplit(self.base_url).hostname or "") in {"localhost", "127.0.0.1", "::1"}


@dataclass
class DatabaseSettings:
    url: str = ""
    echo: bool = False
    # Connections per server process (PostgreSQL). A request holds one from its first query until its
    # response starts, so the pool must cover the requests a process serves at once: a connection
    # beyond `pool_size` is closed again as soon as it is returned, and the next request pays for a
    # new connection (PostgreSQL starts a process for it) and prepares its statements again.
    pool_size: int = 25
    max_overflow: int = 15

    def resolved_url(self, var_dir: Path) -> str:
        return self.url or f"sqlite+aiosqlite:///{var_dir / 'werkgeversportaal.sqlite3'}"


@dataclass
class AuthSettings:
    session_max_age: int = 60 * 60 * 8
    login_max_failures: int = 5
    login_window_seconds: int = 15 * 60
    invitation_valid_hours: int = 72
    password_reset_valid_minutes: int = 60
    # argon2id cost; tests lower it so a suite of hundreds of log-ins stays quick.
    argon2_time_cost: int = 3
    argon2_memory_cost: int = 64 * 1024


@dataclass
class MailSettings:
    backend: str = "console"  # console | smtp
    host: str = "127.0.0.1"
    port: int = 1025
    username: str = ""
    password: str = ""
    use_tls: bool = False
    sender: str = "Werkgeversportaal <noreply@werkgeversportaal.local>"


@dataclass
class MediaSettings:
    backend: str = "local"  # local | s3
    root: Path = PROJECT_ROOT / "media"
    s3_bucket: str = "werkgeversportaal-media"
    s3_endpoint_url: str = ""
    s3_region: str = "eu-west-1"
    s3_access_key: str = ""
    s3_secret_key: str = ""
    # The address browsers use for the bucket when it differs from the app's (docker-compose).
    s3_public_endpoint_url: str = ""
    min_video_seconds: int = 5
    max_video_seconds: int = 90
    max_upload_mb: int = 200
    uploads_per_hour: int = 10
    # Signed media URLs live this long; a page left open longer gets fresh ones on reload.
    url_expiry_seconds: int = 300

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


@dataclass
class SearchSettings:
    backend: str = "embedded"  # embedded | meilisearch
    meili_url: str = ""
    meili_key: str = ""
    index_prefix: str = "wgp_"
    # Folder of the embedded engine's index files; empty means var/search under app.var_dir.
    directory: Path | None = None

    def index_dir(self, var_dir: Path) -> Path:
        return self.directory or var_dir / "search"

    def backend_options(self, var_dir: Path) -> tuple[str, dict[str, Any]]:
        """The `create_backend(kind, **options)` arguments these settings describe."""
        if self.backend == "meilisearch":
            return "meilisearch", {"url": self.meili_url, "api_key": self.meili_key or None,
                                   "prefix": self.index_prefix}
        return "embedded", {"directory": self.index_dir(var_dir), "prefix": self.index_prefix}


@dataclass
class WorkerSettings:
    # The embedded default runs jobs inside the web process so no separate worker is needed.
    embedded: bool = True
    poll_seconds: float = 1.0
    # A claimed job is leased this long and the lease is renewed while it runs; a job whose
    # worker died is picked up again at most this long after its last renewal.
    lease_seconds: float = 300.0


@dataclass
class Settings:
    app: AppSettings = field(default_factory=AppSettings)
    db: DatabaseSettings = field(default_factory=DatabaseSettings)
    auth: AuthSettings = field(default_factory=AuthSettings)
    mail: MailSettings = field(default_factory=MailSettings)
    media: MediaSettings = field(default_factory=MediaSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    worker: WorkerSettings = field(default_factory=WorkerSettings)

    @property
    def database_url(self) -> str:
        return self.db.resolved_url(self.app.var_dir)

    @classmethod
    def from_env(cls) -> Settings:
        app = AppSettings(
            env=_env("APP_ENV", "development"),
            secret_key=_env("SECRET_KEY"),
            base_url=_env("BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            default_locale=_env("DEFAULT_LOCALE", "nl"),
            request_concurrency=_env_int("REQUEST_CONCURRENCY", AppSettings.request_concurrency),
            request_queue_seconds=_env_float("REQUEST_QUEUE_SECONDS", AppSettings.request_queue_seconds),
            debug=_env_bool("DEBUG", False),
        )
        if _env("VAR_DIR"):
            app.var_dir = Path(_env("VAR_DIR"))
        settings = cls(
            app=app,
            db=DatabaseSettings(url=_env("DATABASE_URL"), echo=_env_bool("DATABASE_ECHO", False),
                                pool_size=_env_int("DATABASE_POOL_SIZE", DatabaseSettings.pool_size),
                                max_overflow=_env_int("DATABASE_MAX_OVERFLOW", DatabaseSettings.max_overflow)),
            auth=AuthSettings(
                login_max_failures=_env_int("LOGIN_MAX_FAILURES", 5),
                login_window_seconds=_env_int("LOGIN_WINDOW_SECONDS", 15 * 60),
            ),
            mail=MailSettings(
                backend=_env("MAIL_BACKEND", "console"),
                host=_env("SMTP_HOST", "127.0.0.1"),
                port=_env_int("SMTP_PORT", 1025),
                username=_env("SMTP_USERNAME"),
                password=_env("SMTP_PASSWORD"),
                use_tls=_env_bool("SMTP_TLS", False),
                sender=_env("MAIL_FROM", MailSettings.sender),
            ),
            media=MediaSettings(
                backend=_env("MEDIA_BACKEND", "local"),
                root=Path(_env("MEDIA_ROOT", str(PROJECT_ROOT / "media"))),
                s3_bucket=_env("S3_BUCKET", MediaSettings.s3_bucket),
                s3_endpoint_url=_env("S3_ENDPOINT_URL"),
                s3_region=_env("S3_REGION", "eu-west-1"),
                s3_access_key=_env("S3_ACCESS_KEY"),
                s3_secret_key=_env("S3_SECRET_KEY"),
                s3_public_endpoint_url=_env("S3_PUBLIC_ENDPOINT_URL"),
                min_video_seconds=_env_int("MIN_VIDEO_SECONDS", 5),
                max_video_seconds=_env_int("MAX_VIDEO_SECONDS", 90),
                max_upload_mb=_env_int("MAX_UPLOAD_MB", 200),
                uploads_per_hour=_env_int("VIDEO_UPLOADS_PER_HOUR", 10),
                url_expiry_seconds=_env_int("MEDIA_URL_EXPIRY_SECONDS", 300),
            ),
            search=SearchSettings(
                backend=_env("SEARCH_BACKEND", "embedded"),
                meili_url=_env("MEILI_URL"),
                meili_key=_env("MEILI_MASTER_KEY"),
                index_prefix=_env("SEARCH_INDEX_PREFIX", "wgp_"),
                directory=Path(_env("SEARCH_DIR")) if _env("SEARCH_DIR") else None,
            ),
            worker=WorkerSettings(embedded=_env_bool("WORKER_EMBEDDED", app.env != "production"),
                                  poll_seconds=_env_float("WORKER_POLL_SECONDS", 1.0),
                                  lease_seconds=_env_float("WORKER_LEASE_SECONDS", 300.0)),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        problems = []
        if self.app.production:
            if not self.app.secret_key:
                problems.append("SECRET_KEY is not set (generate one with: "
                                "python -c 'import secrets; print(secrets.token_urlsafe(48))')")
            elif len(self.app.secret_key) < 32:
                problems.append("SECRET_KEY must be at least 32 characters")
            if not self.db.url:
                problems.append("DATABASE_URL is not set (e.g. postgresql+asyncpg://user:pass@db/werkgeversportaal)")
            if not self.app.serves_https and not self.app.is_local:
                # Cookies are Secure only over HTTPS; a production portal on plain HTTP would send
                # session cookies in the clear. Only a trial on this machine may use http://localhost.
                problems.append(f"BASE_URL must start with https:// in production, got {self.app.base_url!r}")
        if self.app.request_concurrency < 0:
            problems.append(f"REQUEST_CONCURRENCY must be 0 (no limit) or more, got {self.app.request_concurrency}")
        if self.db.pool_size < 1:
            problems.append(f"DATABASE_POOL_SIZE must be at least 1, got {self.db.pool_size}")
        if self.db.max_overflow < 0:
            problems.append(f"DATABASE_MAX_OVERFLOW must be 0 or more, got {self.db.max_overflow}")
        if self.mail.backend not in {"console", "smtp"}:
            problems.append(f"MAIL_BACKEND must be 'console' or 'smtp', got {self.mail.backend!r}")
        if self.media.backend not in {"local", "s3"}:
            problems.append(f"MEDIA_BACKEND must be 'local' or 's3', got {self.media.backend!r}")
        if self.search.backend not in {"embedded", "meilisearch"}:
            problems.append(f"SEARCH_BACKEND must be 'embedded' or 'meilisearch', got {self.search.backend!r}")
        elif self.search.backend == "meilisearch" and not self.search.meili_url:
            problems.append("MEILI_URL is not set (e.g. http://meilisearch:7700) while SEARCH_BACKEND=meilisearch")
        if problems:
            raise SettingsError("Cannot start werkgeversportaal:\n  - " + "\n  - ".join(problems))
        if not self.app.secret_key:
            # Development only: a per-machine key kept in var/ so sessions survive restarts.
            self.app.secret_key = _dev_secret(self.app.var_dir)


def _dev_secret(var_dir: Path) -> str:
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / "dev-secret-key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key
