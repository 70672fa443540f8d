"""Application configuration: frozen dataclasses built once in the composition root.

No other module reads the environment or config files on its own; values are passed down.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from desktop.domain.errors import YucaiError

APP_NAME = "yucai"
MODULE_ENV_VAR = "YUCAI_PKCS11_MODULE"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


class ConfigError(YucaiError):
    code = "config_invalid"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path  # user data: database, demo token, exported reports
    config_file: Path

    @classmethod
    def default(cls) -> AppPaths:
        data = Path(os.environ.get("YUCAI_DATA_DIR") or platformdirs.user_data_dir(APP_NAME))
        conf = Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"
        return cls(data_dir=data, config_file=conf)

    @property
    def demo_token_dir(self) -> Path:
        return self.data_dir / "demo-token"


@dataclass(frozen=True)
class TokenSettings:
    module_paths: tuple[str, ...] = ()
    """PKCS#11 modules named by the user or the installer, tried first."""
    env_module: str | None = None
    """The module named by ``YUCAI_PKCS11_MODULE`` (os.pathsep-separated list allowed)."""
    search_known_locations: bool = True
    """Also look for the known CA vendor modules (System32, SysWOW64, /usr/lib ...)."""
    expiry_warning_days: int = 30
    poll_seconds: float = 2.0
    """How often the GUI looks for inserted or removed keys."""


@dataclass(frozen=True)
class ServerSettings:
    url: str = "http://127.0.0.1:8765"


@dataclass(frozen=True)
class ContractSettings:
    max_pdf_mb: float = 20.0
    """合同在线签订: the largest contract PDF 【添加】 / 【更换文件】 accept, in MB (``[contracts]
    max_pdf_mb``); the default is the server's own limit (``contract_pdf_max_bytes``, 20 MB),
    which refuses a larger upload whatever the client allows."""

    @property
    def max_pdf_bytes(self) -> int:
        return int(self.max_pdf_mb * 1024 * 1024)


@dataclass(frozen=True)
class AppConfig:
    paths: AppPaths
    token: TokenSettings = field(default_factory=TokenSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    trust_roots: tuple[Path, ...] = ()
    contracts: ContractSettings = field(default_factory=ContractSettings)


_KNOWN_KEYS = {"token": {"module_paths", "search_known_locations", "expiry_warning_days",
                         "poll_seconds"},
               "server": {"url"}, "signing": {"trust_roots"}, "contracts": {"max_pdf_mb"}}


def _contract_settings(values: object) -> ContractSettings:
    size = values.get("max_pdf_mb", ContractSettings.max_pdf_mb) if isinstance(values, dict) else values
    if isinstance(size, bool) or not isinstance(size, int | float) or not 0 < size <= 1024:
        raise ConfigError(f"配置文件中的“contracts.max_pdf_mb”应为 0 到 1024 之间的数字（MB），现为“{size}”",
                          f"contracts.max_pdf_mb must be a number of MB in (0, 1024], not {size!r}")
    return ContractSettings(max_pdf_mb=float(size))


def load(paths: AppPaths | None = None, environ: dict[str, str] | None = None) -> AppConfig:
    """Read ``config.toml`` (optional) and the environment; reject unknown keys by name."""
    paths = paths or AppPaths.default()
    env = os.environ if environ is None else environ
    raw: dict[str, dict[str, object]] = {}
    if paths.config_file.is_file():
        try:
            raw = tomllib.loads(paths.config_file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"配置文件无法读取：{paths.config_file}：{exc}",
                              f"cannot read config {paths.config_file}: {exc}") from exc
    for section, values in raw.items():
        allowed = _KNOWN_KEYS.get(section)
        unknown = set(values) - allowed if allowed is not None and isinstance(values, dict) else None
        if allowed is None or unknown:
            name = f"{section}.{sorted(unknown)[0]}" if unknown else section
            raise ConfigError(f"配置文件中有未知的设置项“{name}”", f"unknown config key {name}")
    tok = raw.get("token", {})
    token = TokenSettings(
        module_paths=tuple(str(p) for p in tok.get("module_paths", []) or []),  # type: ignore[attr-defined]
        env_module=env.get(MODULE_ENV_VAR) or None,
        search_known_locations=bool(tok.get("search_known_locations", True)),
        expiry_warning_days=int(tok.get("expiry_warning_days", 30)),  # type: ignore[call-overload]
        poll_seconds=float(tok.get("poll_seconds", 2.0)),  # type: ignore[arg-type]
    )
    server = ServerSettings(url=str(raw.get("server", {}).get("url", ServerSettings.url)))
    roots = tuple(Path(p) for p in raw.get("signing", {}).get("trust_roots", []) or [])  # type: ignore[attr-defined]
    return AppConfig(paths=paths, token=token, server=server, trust_roots=roots,
                     contracts=_contract_settings(raw.get("contracts", {})))
