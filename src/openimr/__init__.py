"""openimr: Independent Medical Review for California workers compensation."""
__version__ = "0.1.0"

# Before any openimr module compiles a pattern: compiled regexes are kept on disk between
# processes (start-up, issue 18; `openimr.model.startcache`).
from openimr.model import startcache as _startcache  # noqa: E402

_startcache.install()
