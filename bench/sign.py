"""Signing benchmark: our sign path against bare pyHanko, in process and as whole processes.

    .venv/bin/python bench/sign.py [--runs N] [--procs N]

Builds a throw-away SoftHSM2 token (RSA-2048 unit key, demo PKI) in a temporary folder and
signs ``resources/demo/contract.pdf`` (page 2, a visible seal) with it:

1. In process, median of N: ``desktop.signing.sign_pdf`` with the key opened through
   ``TokenService`` versus a bare ``PdfSigner.sign_pdf`` on the same file and token through
   pyHanko's own ``PKCS11Signer`` -- once with a CJK text stamp (the documented way to get
   Chinese text into a pyHanko stamp: ``GlyphAccumulatorFactory`` on the same font) and once
   with pyHanko's default Latin stamp. Target: ours <= 1.1 x bare.
2. Whole process, median of N: ``yucai sign`` versus ``pyhanko sign addsig pkcs11`` (pyhanko-cli,
   found as ``$PYHANKO_CLI`` or ``pyhanko`` on PATH; it is not a project dependency, install it in
   a separate venv, see the message printed when it is missing). Target: ours faster.

Prints the figures and both ratios; exits 0 whatever the figures are (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.demo.softhsm import Lab  # noqa: E402 - after the path set-up; loads no PKCS#11 module

TOKEN_LABEL = "benchkey"
CERT_LABEL = "bench-unit"
KEY_ID = "e001"
PAGE = 2
CENTER = (160.0, 520.0)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up (imports, font caches, first session)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def build_token(folder: Path) -> Lab:
    from desktop.demo import pki
    from desktop.demo.pki import CertProfile
    from desktop.demo.softhsm import TokenSpec, build_lab, find_module

    spec = TokenSpec("bench", TOKEN_LABEL, ca_certificate=True, profiles=(
        CertProfile(CERT_LABEL, bytes.fromhex(KEY_ID), "rsa2048", "郑州市某某局", "郑州市某某局",
                    credit_code=pki.PURCHASER_CREDIT_CODE),))
    return build_lab(folder, [spec], module=find_module())


def seal_box() -> tuple[int, int, int, int]:
    from desktop.signing.placement import DEFAULT_SEAL_SIZE

    w, h = DEFAULT_SEAL_SIZE
    x, y = CENTER
    return round(x - w / 2), round(y - h / 2), round(x + w / 2), round(y + h / 2)


def in_process(lab: Lab, contract: Path, out_dir: Path, runs: int) -> dict[str, float]:
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
    from pyhanko.stamp import TextStampStyle

    from desktop.config import TokenSettings
    from desktop.resources_setup import SEAL_FONT
    from desktop.signing.sign import SealPlacement, sign_pdf
    from desktop.token.pin import FixedPin
    from desktop.token.service import TokenService

    module, token = lab.module, lab.token("bench")
    cjk_style = TextStampStyle(stamp_text="签章人：%(signer)s\n时间：%(ts)s",
                               text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(SEAL_FONT))))
    counter = iter(range(10**6))

    def bare_round() -> tuple[float, float]:
        # SoftHSM keeps one login per process: pyHanko's own session and ours take turns
        session = open_pkcs11_session(module, token_criteria=TokenCriteria(label=TOKEN_LABEL),
                                      user_pin=token.user_pin)
        signer = PKCS11Signer(session, key_id=bytes.fromhex(KEY_ID), cert_id=bytes.fromhex(KEY_ID))

        def bare(style: TextStampStyle | None) -> Callable[[], None]:
            def run() -> None:
                meta = PdfSignatureMetadata(field_name="Sig1", subfilter=SigSeedSubFilter.PADES,
                                            md_algorithm="sha256")
                pdf_signer = PdfSigner(meta, signer, stamp_style=style,
                                       new_field_spec=SigFieldSpec("Sig1", on_page=PAGE - 1, box=seal_box()))
                with contract.open("rb") as src, (out_dir / f"bare-{next(counter)}.pdf").open("wb") as dst:
                    pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(src.read()), strict=False),
                                        output=dst)
            return run

        try:
            return median_ms(bare(cjk_style), runs), median_ms(bare(None), runs)
        finally:
            session.close()

    def our_round() -> float:
        service = TokenService(TokenSettings(module_paths=(module,), search_known_locations=False))
        try:
            opened = service.open_signing_key(module, token.serial, KEY_ID, FixedPin(token.user_pin))
            with opened.result() as key:
                def ours() -> None:
                    out = out_dir / f"ours-{next(counter)}.pdf"
                    sign_pdf(contract, out, key, SealPlacement(PAGE - 1, CENTER))
                return median_ms(ours, runs)
        finally:
            service.close()

    # alternate, twice each, and keep each variant's best median (order effects: caches, clocks)
    cjk1, latin1 = bare_round()
    ours1 = our_round()
    cjk2, latin2 = bare_round()
    ours2 = our_round()
    return {"ours": min(ours1, ours2), "ours_other": max(ours1, ours2), "bare_cjk": min(cjk1, cjk2),
            "bare_latin": min(latin1, latin2)}


def whole_process(lab: Lab, contract: Path, out_dir: Path, runs: int) -> dict[str, float]:
    module, token = lab.module, lab.token("bench")
    env = {**os.environ, "SOFTHSM2_CONF": str(lab.conf), "PYHANKO_PKCS11_PIN": token.user_pin,
           "XDG_CONFIG_HOME": str(out_dir / "config")}
    yucai = [sys.executable, "-m", "desktop"]
    counter = iter(range(10**6))

    def ours() -> None:
        out = out_dir / f"cli-ours-{next(counter)}.pdf"
        done = subprocess.run([*yucai, "sign", str(contract), "-o", str(out), "--page", str(PAGE),
                               "--at", f"{CENTER[0]},{CENTER[1]}", "--module", module, "--token", TOKEN_LABEL,
                               "--key-id", KEY_ID, "--pin-stdin"], input=token.user_pin + "\n",
                              capture_output=True, text=True, env=env, cwd=ROOT)
        if done.returncode != 0:
            raise SystemExit(f"yucai sign failed: {done.stderr.strip()}")

    cli = os.environ.get("PYHANKO_CLI") or shutil.which("pyhanko")
    if not cli:
        print("  pyhanko CLI not found: set PYHANKO_CLI, e.g.\n"
              "    python3 -m venv /tmp/pyhanko-cli-venv && /tmp/pyhanko-cli-venv/bin/pip install "
              "pyhanko-cli==0.6.0 'pyHanko[pkcs11,opentype,image-support]==0.38.0' "
              "pyhanko-certvalidator==0.33.0 python-pkcs11==0.9.5\n"
              "    PYHANKO_CLI=/tmp/pyhanko-cli-venv/bin/pyhanko .venv/bin/python bench/sign.py")
        return {"yucai_sign": median_ms(ours, runs)}
    x1, y1, x2, y2 = seal_box()

    def theirs() -> None:
        out = out_dir / f"cli-pyhanko-{next(counter)}.pdf"
        done = subprocess.run([cli, "sign", "addsig", "--field", f"{PAGE}/{x1},{y1},{x2},{y2}/Sig1",
                               "--use-pades", "pkcs11", "--lib", module, "--token-label", TOKEN_LABEL,
                               "--cert-label", CERT_LABEL, "--key-label", CERT_LABEL,
                               str(contract), str(out)],
                              capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise SystemExit(f"pyhanko CLI failed: {done.stderr.strip()[-400:]}")

    return interleaved({"yucai_sign": ours, "pyhanko_cli": theirs}, runs)


def interleaved(variants: dict[str, Callable[[], None]], runs: int) -> dict[str, float]:
    """Median ms per variant, runs alternating so that load drift hits every variant alike."""
    for fn in variants.values():
        fn()  # warm-up: page cache, .pyc files
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, fn in variants.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="in-process signatures per variant")
    parser.add_argument("--procs", type=int, default=7, help="whole processes per variant")
    args = parser.parse_args()
    contract = ROOT / "resources" / "demo" / "contract.pdf"
    with tempfile.TemporaryDirectory(prefix="yucai-bench-") as tmp:
        folder = Path(tmp)
        lab = build_token(folder / "lab")
        os.environ["SOFTHSM2_CONF"] = str(lab.conf)  # before pkcs11 loads
        out_dir = folder / "out"
        out_dir.mkdir()
        print(f"== 签章基准 (signing benchmark): {contract.name}, page {PAGE}, SoftHSM2 RSA-2048, "
              f"median of {args.runs} in process / {args.procs} processes")
        inner = in_process(lab, contract, out_dir, args.runs)
        ours = inner["ours"]
        print(f"  in process   ours (sign_pdf, drawn CJK seal, atomic write) {ours:8.1f} ms"
              f"   (other round {inner['ours_other']:.1f} ms)")
        print(f"  in process   bare pyHanko PdfSigner, CJK text stamp        {inner['bare_cjk']:8.1f} ms")
        print(f"  in process   bare pyHanko PdfSigner, default Latin stamp   {inner['bare_latin']:8.1f} ms")
        outer = whole_process(lab, contract, out_dir, args.procs)
        print(f"  process      yucai sign                                    {outer['yucai_sign']:8.1f} ms")
        if "pyhanko_cli" in outer:
            theirs = outer["pyhanko_cli"]
            print(f"  process      pyhanko sign addsig pkcs11                    {theirs:8.1f} ms")
        print(f"RATIO in-process ours / bare pyHanko (CJK stamp):   {ours / inner['bare_cjk']:.2f}x  "
              f"(target <= 1.10x)")
        print(f"RATIO in-process ours / bare pyHanko (Latin stamp): {ours / inner['bare_latin']:.2f}x")
        if "pyhanko_cli" in outer:
            print(f"RATIO whole process yucai sign / pyhanko CLI:       "
                  f"{outer['yucai_sign'] / outer['pyhanko_cli']:.2f}x  (target < 1.00x)")
        else:
            print("RATIO whole process yucai sign / pyhanko CLI:       n/a (pyhanko CLI not installed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
