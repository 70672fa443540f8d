"""Root of the project's exception tree.

Every error we raise on purpose derives from :class:`YucaiError`, so the UI's error presenter
and the CLI's top level can catch "ours" in one clause and show its Chinese message, while
anything else is treated as a bug. Each layer has its own subtree (``TokenError`` in
``desktop.token``, ``SigningError`` in ``desktop.signing`` ...).

Tree::

    YucaiError
     ├── InvalidIdentityCode        (desktop.domain.identity)
     ├── TokenError ...             (desktop.token.errors)
     └── SigningError ...           (desktop.signing.errors)
"""

from __future__ import annotations


class YucaiError(Exception):
    """An expected, user-facing failure with a stable code and a Chinese message.

    ``message`` is Chinese (the product's source language); ``message_en`` is its English
    rendering for logs, scripts and the one-line CLI error.
    """

    code: str = "unknown"
    remedy: str = ""
    """What the user can do about it, in Chinese (shown under the message); empty when obvious."""

    def __init__(self, message: str, message_en: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message

    def one_line(self) -> str:
        """The CLI's one-line reason: Chinese, then English."""
        if self.message_en and self.message_en != self.message:
            return f"{self.message} ({self.message_en})"
        return self.message


class UserCancelled(YucaiError):
    """The user dismissed a prompt (PIN dialog, file chooser): say nothing."""

    code = "cancelled"

    def __init__(self) -> None:
        super().__init__("操作已取消", "cancelled by the user")
