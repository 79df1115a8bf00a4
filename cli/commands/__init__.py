"""One module per command; adding a command means adding it to COMMANDS."""

from .check import check
from .explore import explore
from .list_cmd import list_scenarios
from .new import new
from .schema import schema

COMMANDS = [list_scenarios, check, explore, schema, new]
