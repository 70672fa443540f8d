"""豫采桌面 (Yucai Desktop): Henan government e-procurement desktop client."""

__version__ = "0.1.0"
