"""PAdES signing and verification with the key on the token (pyHanko; no Qt, no desktop.token).

Public API (import from the submodules; this package imports nothing so that ``import
desktop.signing.placement`` stays free of pyHanko):

* ``placement``  -- pure geometry: :class:`PageGeometry`, :class:`Rect`, ``view_to_user``,
  ``user_to_view``, ``seal_rect_at``, ``seal_rect_from_click``, ``rect_to_view``.
* ``pdfinput``   -- ``open_pdf(path) -> PdfDocument`` (``page_count``, ``page_geometry(i)``),
  clear errors for empty / non-PDF / damaged / encrypted files.
* ``sign``       -- ``sign_pdf(input, output, key, SealPlacement, SignOptions) -> SignResult``;
  ``preflight``, ``empty_signature_fields``, ``existing_signers``, ``page_geometry``.
* ``verify``     -- ``verify_pdf(path, trust_roots) -> tuple[SignatureReport, ...]``.
* ``appearance`` -- :class:`SealDesign` (what the seal shows) and the pyHanko stamp style.
* ``trust``      -- ``load_certificates(path)``, ``bundled_ca(resources/ca)``.
* ``api``        -- the :class:`SigningKey` protocol the token layer satisfies.
* ``errors``     -- the ``SigningError`` tree (Chinese messages, stable codes).
* ``lazy_imports`` -- ``defer_aiohttp()`` for short offline processes (the CLI).

Signing and verifying block (token, ``asyncio.run`` inside pyHanko): call them from a worker
thread without a running event loop, not from the Qt thread nor the token service's thread.
"""
