from tests.e2e.framework_flow import demo  # noqa: F401  (fixture of the 框架协议采购 flows)
from tests.server.fixtures import (  # noqa: F401  (fixtures)
    api_for,
    lab_certificates,
    make_server,
    open_key,
    token_service,
)
from tests.signing.conftest import nss_db  # noqa: F401  (fixture)
