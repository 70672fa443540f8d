"""Benchmark: `yucai diagnose --json --module M` against `pkcs11-tool --module M --list-objects`.

Builds a throw-away SoftHSM2 token (softhsm2-util + pkcs11-tool, its own softhsm2.conf in a
temporary directory): an RSA-2048 key pair generated on the token and a certificate for it with
a unit's credit code. Then times N whole-process runs of each command (interleaved, medians) and
prints both medians and their ratio; the target is ≤ 3×. Above target it also prints the
heaviest imports of the diagnose command (`python -X importtime`).

Run:  .venv/bin/python bench/diagnose.py [--runs 15] [--module /path/libsofthsm2.so]

This prints figures; it is not a test and asserts nothing (exit 0 unless it cannot run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_RATIO = 3.0
USER_PIN = "123456"
SO_PIN = "12345678"
CREDIT_CODE = "91410100MA000000C0"  # valid check character (see desktop/demo/pki.py)


class CannotRun(RuntimeError):
    pass


def find_softhsm(explicit: str | None) -> str:
    if explicit:
        if os.path.isfile(explicit):
            return explicit
        raise CannotRun(f"no such module: {explicit}")
    from desktop.demo.softhsm import SoftHsmUnavailable, find_module

    try:
        return find_module()
    except SoftHsmUnavailable as exc:
        raise CannotRun(str(exc)) from exc


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CannotRun(f"{name} not found on PATH")
    return path


def run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CannotRun(f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr.strip() or result.stdout}")
    return result


def self_signed_der(spki_der: bytes) -> bytes:
    """A certificate for the token's public key, signed by a throw-away software CA key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    public_key = serialization.load_der_public_key(spki_der)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "豫采基准测试 CA")])
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, "河南某某科技有限公司"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "河南某某科技有限公司"),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, CREDIT_CODE),
    ])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
            .public_key(public_key)  # type: ignore[arg-type]
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         key_cert_sign=False, crl_sign=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.DER)


def build_token(directory: Path, module: str) -> dict[str, str]:
    """softhsm2.conf + one token with an RSA-2048 key (id 01) and its certificate; returns the env."""
    tokens = directory / "tokens"
    tokens.mkdir()
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n",
                    encoding="utf-8")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf), "YUCAI_DATA_DIR": str(directory / "data")}
    env.pop("YUCAI_PKCS11_MODULE", None)
    p11 = tool("pkcs11-tool")
    run([tool("softhsm2-util"), "--init-token", "--free", "--label", "bench", "--pin", USER_PIN,
         "--so-pin", SO_PIN], env)
    login = ["--module", module, "--login", "--pin", USER_PIN]
    run([p11, *login, "--keypairgen", "--key-type", "rsa:2048", "--id", "01", "--label", "k"], env)
    spki = directory / "pub.der"
    run([p11, "--module", module, "--read-object", "--type", "pubkey", "--id", "01", "-o", str(spki)], env)
    cert = directory / "cert.der"
    cert.write_bytes(self_signed_der(spki.read_bytes()))
    run([p11, *login, "--write-object", str(cert), "--type", "cert", "--id", "01", "--label", "k"], env)
    return env


def with_bytecode_cache(env: dict[str, str], prefix: Path) -> dict[str, str]:
    """Let the timed Python processes keep compiled bytecode, as an installed app has it.

    With PYTHONDONTWRITEBYTECODE set (as in some development shells) every run would compile
    every project module from source, which is not what a user's machine does. The cache goes to
    a private PYTHONPYCACHEPREFIX under the temporary directory; the warm-up runs fill it and the
    source tree is left untouched.
    """
    env = {**env, "PYTHONPYCACHEPREFIX": str(prefix)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def yucai_command() -> list[str]:
    script = Path(sys.executable).parent / ("yucai.exe" if os.name == "nt" else "yucai")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "desktop"]


def check_diagnose(cmd: list[str], env: dict[str, str]) -> str:
    """Run the diagnose command once; return a one-line summary, or raise when it is not ready."""
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=REPO, check=False)
    try:
        document = json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        raise CannotRun(f"`{' '.join(cmd)}` printed no JSON (exit {result.returncode}): "
                        f"{(result.stderr or result.stdout).strip()[-500:]}") from exc
    modules = document.get("modules", []) if isinstance(document, dict) else []
    tokens = sum(len(m.get("tokens", [])) for m in modules if isinstance(m, dict))
    findings = [f.get("code") for f in document.get("findings", [])] if isinstance(document, dict) else []
    return f"exit {result.returncode}, {len(modules)} module(s), {tokens} token(s), findings {findings}"


def time_runs(commands: dict[str, list[str]], env: dict[str, str], runs: int, warmup: int) -> dict[str, list[float]]:
    """Whole-process wall times, the commands interleaved so drift hits both alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(warmup + runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO,
                           check=False)
            elapsed = time.perf_counter() - start
            if i >= warmup:
                times[name].append(elapsed)
    return times


def top_imports(module: str, env: dict[str, str], count: int = 15) -> list[tuple[int, int, str]]:
    """(cumulative µs, self µs, name) of the heaviest imports of `yucai diagnose`."""
    cmd = [sys.executable, "-X", "importtime", "-m", "desktop", "diagnose", "--json", "--module", module]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=REPO, check=False)
    rows: list[tuple[int, int, str]] = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        try:
            self_us, cumulative_us, name = (part.strip() for part in line[len("import time:"):].split("|"))
            rows.append((int(cumulative_us), int(self_us), name))
        except ValueError:
            continue
    return sorted((r for r in rows if not r[2].startswith(" ")), reverse=True)[:count]  # top-level only


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (default 15)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs first (default 2)")
    parser.add_argument("--module", help="SoftHSM2 module (default: the known locations)")
    parser.add_argument("--importtime", action="store_true", help="always print the heaviest imports")
    parser.add_argument("--keep", action="store_true", help="keep the temporary token directory")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="keep PYTHONDONTWRITEBYTECODE as it is (every run compiles the sources)")
    args = parser.parse_args(argv)
    directory = Path(tempfile.mkdtemp(prefix="yucai-bench-diagnose-"))
    try:
        module = find_softhsm(args.module)
        env = build_token(directory, module)
        if not args.no_bytecode_cache:
            env = with_bytecode_cache(env, directory / "pycache")
        diagnose = [*yucai_command(), "diagnose", "--json", "--module", module]
        p11tool = [tool("pkcs11-tool"), "--module", module, "--list-objects"]
        print(f"module:   {module}")
        print(f"token:    {directory} (RSA-2048 key + certificate, id 01)")
        print(f"diagnose: {check_diagnose(diagnose, env)}")
        times = time_runs({"diagnose": diagnose, "pkcs11-tool": p11tool}, env, args.runs, args.warmup)
        report(times, args)
        if args.importtime or ratio_of(times) > TARGET_RATIO:
            print("\nheaviest imports of `yucai diagnose` (python -X importtime, top-level, cumulative):")
            for cumulative, self_us, name in top_imports(module, env):
                print(f"  {cumulative / 1000:8.1f} ms  (self {self_us / 1000:6.1f} ms)  {name.strip()}")
            floor = time_runs({"python": [sys.executable, "-c", "pass"],
                               "python -S": [sys.executable, "-S", "-c", "pass"]}, env, args.runs, 1)
            print("floor:       " + ",  ".join(f"`{name} -c pass` {statistics.median(v) * 1000:.1f} ms"
                                               for name, v in floor.items()))
    except CannotRun as exc:
        print(f"cannot run the benchmark: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"kept:     {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


def ratio_of(times: dict[str, list[float]]) -> float:
    return statistics.median(times["diagnose"]) / statistics.median(times["pkcs11-tool"])


def report(times: dict[str, list[float]], args: argparse.Namespace) -> None:
    cache = "off (sources compiled every run)" if args.no_bytecode_cache else "on (private PYTHONPYCACHEPREFIX)"
    print(f"runs:     {args.runs} each (+{args.warmup} warm-up), whole processes, interleaved; "
          f"bytecode cache {cache}")
    for name, values in times.items():
        print(f"{name:<12} median {statistics.median(values) * 1000:8.1f} ms   min {min(values) * 1000:8.1f} ms"
              f"   max {max(values) * 1000:8.1f} ms")
    ratio = ratio_of(times)
    verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
    print(f"ratio        {ratio:.2f}× (target ≤ {TARGET_RATIO:.0f}×: {verdict} target)")


if __name__ == "__main__":
    sys.exit(main())
