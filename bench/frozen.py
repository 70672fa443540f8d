"""Benchmark: start-up of the frozen app (installer/yucai.spec) against the same app from the venv.

    .venv/bin/python bench/frozen.py [--dist dist/yucai] [--runs 15] [--gui-runs 5] [--compressed]

Without ``--dist`` it uses the content-cached build of the current tree (installer/build_cache.py:
``build/frozen/<hash>/yucai``, built now if missing). On a fresh SoftHSM2 token (the smoke test's,
its own softhsm2.conf in a temporary folder) it times whole processes, interleaved run by run:

* ``yucai diagnose --json --module M``: the frozen program vs ``.venv/bin/yucai`` (compiled
  bytecode cached, as an installed app has it);
* the GUI until its main window is first drawn (``QT_QPA_PLATFORM=offscreen``; the moment Qt logs
  that it flushed the window named ``main_window``, see installer/smoke_test.py), then SIGTERM.

It prints the medians (min-max), the ratio frozen / venv, and the first frozen run separately
(the closest to a cold start this can measure without dropping the OS page cache), then the
bundle size by component and, with ``--compressed``, its gzip size (a floor for an installer).

Figures, not a test: it asserts nothing and exits 0 unless it cannot run.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import io
import os
import shutil
import statistics
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
VENV_YUCAI = Path(sys.prefix) / ("Scripts/yucai.exe" if os.name == "nt" else "bin/yucai")


def load(name: str) -> ModuleType:
    qualified = f"yucai_installer_{name}"
    if qualified not in sys.modules:
        spec = importlib.util.spec_from_file_location(qualified, REPO / "installer" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        sys.modules[qualified] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[qualified])
    return sys.modules[qualified]


def fmt(times: list[float]) -> str:
    low, mid, high = (1000 * value for value in (min(times), statistics.median(times), max(times)))
    return f"median {mid:7.0f} ms  (min {low:.0f}, max {high:.0f})"


def interleaved(measure: dict[str, Callable[[], float | None]], runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in measure}
    for _ in range(runs):
        for name, one in measure.items():
            seconds = one()
            if seconds is not None:
                times[name].append(seconds)
    return times


def tree_size(root: Path) -> int:
    return sum(p.lstat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def size_report(dist: Path, compressed: bool) -> None:
    total = tree_size(dist)
    print(f"\nbundle {dist}: {total / 2**20:.1f} MB, {sum(1 for _ in dist.rglob('*'))} files")
    internal = dist / "_internal"
    parts: dict[str, int] = {}
    for child in [*internal.iterdir(), *(p for p in dist.iterdir() if p.name != "_internal")]:
        key = child.name if child.is_dir() else ("(programs)" if child.parent == dist else "(top-level libraries)")
        parts[key] = parts.get(key, 0) + (tree_size(child) if child.is_dir() else
                                          (0 if child.is_symlink() else child.stat().st_size))
    icu = sum(p.stat().st_size for p in internal.rglob("libicu*") if p.is_file() and not p.is_symlink())
    icu_data = sum(p.stat().st_size for p in internal.rglob("libicudata*") if p.is_file() and not p.is_symlink())
    for name, size in sorted(parts.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {size / 2**20:7.1f} MB  {name}")
    if icu:
        data = (f"its data library is ICU's stub ({icu_data / 1024:.0f} KB)" if icu_data < 2**20 else
                f"its data library in full: {icu_data / 2**20:.1f} MB")
        print(f"  (of which ICU, Linux only: {icu / 2**20:.1f} MB, {data}; a Windows build uses the system's ICU)")
    if compressed:
        buffer = io.BytesIO()
        start = time.perf_counter()
        with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=6) as gz, \
                tarfile.open(fileobj=gz, mode="w") as tar:
            tar.add(dist, arcname=dist.name)
        print(f"  tar.gz -6: {buffer.tell() / 2**20:.1f} MB ({time.perf_counter() - start:.1f} s; an LZMA installer "
              "is smaller)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--dist", type=Path, help="the one-folder build (default: the cached build of this tree)")
    parser.add_argument("--runs", type=int, default=15, help="timed diagnose runs per program (default 15)")
    parser.add_argument("--gui-runs", type=int, default=5, help="timed GUI starts per program (default 5; 0 skips)")
    parser.add_argument("--compressed", action="store_true", help="also measure the gzip size of the bundle")
    args = parser.parse_args(argv)

    smoke = load("smoke_test")
    try:
        dist = args.dist.resolve() if args.dist else load("build_cache").frozen_app()
        frozen = smoke.find_program(dist)
    except (smoke.CannotRun, RuntimeError) as exc:
        print(f"cannot run: {exc}", file=sys.stderr)
        return 2
    if not VENV_YUCAI.is_file():
        print(f"cannot run: {VENV_YUCAI} not found (pip install -e . in the venv)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="yucai-bench-frozen-"))
    try:
        try:
            token = smoke.build_token(work / "token")
        except smoke.CannotRun as exc:
            print(f"cannot run: {exc}", file=sys.stderr)
            return 2
        cwd = work / "cwd"
        cwd.mkdir()
        # Same clean environment for both; the venv run gets a private bytecode cache kept across runs.
        env = smoke.clean_environment(work / "home", {"SOFTHSM2_CONF": str(token.conf)})
        venv_env = dict(env, PYTHONPYCACHEPREFIX=str(work / "pycache"))
        programs = {"frozen": (frozen, env), "venv": (VENV_YUCAI, venv_env)}
        print(f"frozen: {frozen}\nvenv:   {VENV_YUCAI}\ntoken:  {token.module} ({token.label})")

        def diagnose(program: Path, environ: dict[str, str]) -> Callable[[], float]:
            def one() -> float:
                done, seconds = smoke.run([str(program), "diagnose", "--json", "--module", token.module], environ, cwd)
                if done.returncode != 0:
                    raise SystemExit(f"{program} diagnose failed ({done.returncode}): {done.stderr[-500:]}")
                return float(seconds)
            return one

        first = diagnose(frozen, env)()  # the first start after the build: files not yet in the page cache
        for program, environ in programs.values():  # warm-up (the venv compiles its bytecode here)
            diagnose(program, environ)()
        times = interleaved({name: diagnose(p, e) for name, (p, e) in programs.items()}, args.runs)
        print(f"\n`yucai diagnose --json` ({args.runs} runs each, interleaved)")
        print(f"  frozen  {fmt(times['frozen'])}   first run after the build {first * 1000:.0f} ms")
        print(f"  venv    {fmt(times['venv'])}")
        ratio = statistics.median(times["frozen"]) / statistics.median(times["venv"])
        print(f"  ratio frozen / venv: {ratio:.2f}")

        if args.gui_runs > 0:
            def gui(program: Path, environ: dict[str, str]) -> Callable[[], float | None]:
                def one() -> float | None:
                    result = smoke.run_gui(program, environ, cwd, stay_up=0.0)
                    if result.seconds_to_window is None:
                        print(f"  ! {program}: no main window: {result.stderr[-500:]}", file=sys.stderr)
                    return result.seconds_to_window
                return one

            gui_programs = {"frozen": gui(smoke.gui_program(frozen), dict(env, YUCAI_PKCS11_MODULE=token.module)),
                            "venv": gui(VENV_YUCAI, dict(venv_env, YUCAI_PKCS11_MODULE=token.module))}
            for one in gui_programs.values():  # warm-up
                one()
            gtimes = interleaved(gui_programs, args.gui_runs)
            if gtimes["frozen"] and gtimes["venv"]:
                gratio = statistics.median(gtimes["frozen"]) / statistics.median(gtimes["venv"])
                print(f"\nGUI until its main window is drawn, offscreen ({args.gui_runs} runs each, interleaved)")
                print(f"  frozen  {fmt(gtimes['frozen'])}")
                print(f"  venv    {fmt(gtimes['venv'])}")
                print(f"  ratio frozen / venv: {gratio:.2f}")
        size_report(dist, args.compressed)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
