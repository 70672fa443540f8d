from tests.server.fixtures import (  # noqa: F401  (fixtures)
    api_for,
    db_url,
    lab_certificates,
    make_server,
    open_key,
    pg_cluster,
    token_service,
)
