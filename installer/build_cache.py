"""Build the frozen app once per content: ``build/frozen/<hash>/yucai``, reused while nothing changed.

    .venv/bin/python installer/build_cache.py      # prints the folder, building it if needed

The hash covers everything that goes into the bundle: the spec and its helpers, every file of the
``desktop`` and ``server_stub`` packages, the declared resources, pyproject.toml, the versions of
Python and of every installed distribution, and the build switches read from the environment
(``YUCAI_KEEP_ICU_DATA``, ``CC``). Used by tests/installer and bench/frozen.py; the three newest
builds are kept. A build goes to a temporary folder first and is renamed into place, so two
sessions building at once never see half a bundle.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE = REPO / "build" / "frozen"
KEEP_BUILDS = 3


def load_bundle() -> ModuleType:
    """installer/bundle.py by path (installer/ is no package, and stays off sys.path)."""
    name = "yucai_installer_bundle"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / "bundle.py")
        assert spec is not None and spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


class BuildFailed(RuntimeError):
    pass


def program_in(folder: Path) -> Path:
    return folder / ("yucai-console.exe" if os.name == "nt" else "yucai")


def inputs_hash() -> str:
    digest = hashlib.sha256()
    files = [*sorted(HERE.glob("*.py")), HERE / "yucai.spec", REPO / "pyproject.toml",
             *sorted(p for package in ("desktop", "server_stub") for p in (REPO / package).rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts),
             *load_bundle().resource_files()]
    for path in files:
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(sys.version.encode())
    for name in (load_bundle().KEEP_ICU_DATA_ENV, "CC"):
        digest.update(f"{name}={os.environ.get(name, '')}\n".encode())
    for dist in sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()):
        digest.update(dist.encode() + b"\n")
    return digest.hexdigest()[:16]


def frozen_app(cache: Path = CACHE) -> Path:
    """The one-folder build of the current tree (``.../yucai``): cached, or built now."""
    final = cache / inputs_hash()
    if program_in(final / "yucai").is_file():
        return final / "yucai"
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".tmp-", dir=cache) as tmp:
        done = subprocess.run(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
             "--distpath", str(Path(tmp) / "dist"), "--workpath", str(Path(tmp) / "work"), str(HERE / "yucai.spec")],
            cwd=REPO, capture_output=True, text=True, timeout=900, check=False)
        if done.returncode != 0:
            raise BuildFailed(f"PyInstaller failed ({done.returncode}):\n{done.stderr[-5000:]}")
        try:
            os.rename(Path(tmp) / "dist", final)
        except OSError:  # another session finished the same build first: use theirs
            if not program_in(final / "yucai").is_file():
                raise
    builds = sorted((p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".")),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in builds[KEEP_BUILDS:]:
        shutil.rmtree(old, ignore_errors=True)
    return final / "yucai"


if __name__ == "__main__":
    print(frozen_app())
