"""The console command as a newcomer uses it: migrate, seed the demo region, create an admin, serve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import create_engine, func, select

from werkgeversportaal.cli import main
from werkgeversportaal.db.models import Municipality, Role, User


def test_migrate_seed_twice_and_create_admin(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db_file = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{db_file}")
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    first = runner.invoke(main, ["demo", "seed"])
    assert first.exit_code == 0, first.output
    assert "accountmanager@demo.nl" in first.output and "werkgever@demo.nl" in first.output
    assert runner.invoke(main, ["demo", "seed"]).exit_code == 0  # idempotent
    weak = runner.invoke(main, ["users", "create-admin", "--email", "a@example.nl", "--password", "kort"])
    assert weak.exit_code == 2 and "12" in weak.output
    ok = runner.invoke(main, ["users", "create-admin", "--email", "a@example.nl",
                              "--password", "Lange-zin-met-woorden-7"])
    assert ok.exit_code == 0, ok.output
    engine = create_engine(f"sqlite:///{db_file}")
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Municipality)) == 6
        assert conn.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN)) == 2
    engine.dispose()
    assert runner.invoke(main, ["db", "downgrade", "base"]).exit_code == 0


def test_serve_answers_on_the_port(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 's.sqlite3'}", "VAR_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "werkgeversportaal.cli", "db", "upgrade"], env=env, check=True, timeout=60)
    server = subprocess.Popen([sys.executable, "-m", "werkgeversportaal.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert "Werkgeversportaal" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=15)
