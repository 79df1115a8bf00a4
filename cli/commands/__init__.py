"""One module per command; adding a command means adding it to COMMANDS."""

from .analyze import analyze
from .check import check
from .compare import compare
from .diff import diff
from .explore import explore
from .export import export
from .list_cmd import list_scenarios
from .new import new
from .render import render
from .schema import schema
from .sensitivity import sensitivity

COMMANDS = [list_scenarios, check, explore, schema, new, render]
COMMANDS += [analyze, sensitivity, compare, diff, export]
