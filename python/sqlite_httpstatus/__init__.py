"""HTTP status codes for SQLite, as a loadable extension.

    import sqlite3
    import sqlite_httpstatus

    conn = sqlite3.connect(":memory:")
    sqlite_httpstatus.load(conn)
    conn.execute("SELECT http_status_name(404)").fetchone()  # ('Not Found',)

The package holds the compiled libraries: httpstatus; httplog with
http_log(path) over access logs and http_geo(ip, mmdb_path) (load(conn,
"httplog"); it opens files, so it is never loaded by default); httpagent,
which parses User-Agent strings (load(conn, "httpagent")). libraries() names
them, and
loadable_path(name) gives the file to pass to load_extension() elsewhere
(sqlite-utils, SQLAlchemy, the sqlite3 shell).
"""

import os
import sqlite3
from importlib import metadata
from typing import List

__all__ = ["libraries", "load", "loadable_path"]
__version__ = metadata.version("sqlite-httpstatus")

_HERE = os.path.dirname(os.path.abspath(__file__))
_SUFFIX = ".so"


def libraries() -> List[str]:
    """The names of the libraries this package ships, e.g. ['httpstatus']."""
    return sorted(f[: -len(_SUFFIX)] for f in os.listdir(_HERE) if f.endswith(_SUFFIX))


def loadable_path(name: str = "httpstatus") -> str:
    """The absolute path of the library NAME (with its suffix), for
    Connection.load_extension() or the shell's .load. SQLite derives the
    entry point, sqlite3_NAME_init, from the file name."""
    path = os.path.join(_HERE, name + _SUFFIX)
    if not os.path.exists(path):
        raise FileNotFoundError(
            "sqlite_httpstatus: no library %r in %s (shipped: %s)"
            % (name, _HERE, ", ".join(libraries()) or "none")
        )
    return path


def load(conn: sqlite3.Connection, name: str = "httpstatus") -> None:
    """Loads the library NAME into conn. Extension loading is enabled for the
    call only and disabled again afterwards, as it was by default.

    Raises sqlite3.OperationalError when SQLite refuses the library, and
    AttributeError when this Python's sqlite3 module was built without
    extension loading (e.g. some python.org and pyenv builds; Debian's has it)."""
    path = loadable_path(name)
    conn.enable_load_extension(True)
    try:
        conn.load_extension(path)
    finally:
        conn.enable_load_extension(False)
