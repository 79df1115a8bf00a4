"""One module per command; adding a command means adding it to COMMANDS."""

from .analyze import analyze
from .balance import balance
from .check import check
from .compare import compare
from .diff import diff
from .explore import explore
from .export import export
from .guide import guide
from .list_cmd import list_scenarios
from .matrix import matrix
from .new import new
from .render import render
from .schema import schema
from .sensitivity import sensitivity
from .serve import serve
from .show import copy, show
from .signposts import signposts
from .story import story
from .uncertainty import uncertainty
from .workshop import workshop

COMMANDS = [list_scenarios, check, explore, schema, new, render]
COMMANDS += [analyze, sensitivity, compare, diff, export]
COMMANDS += [story, balance]
COMMANDS += [signposts, matrix]
COMMANDS += [show, copy, guide]
COMMANDS += [uncertainty]
COMMANDS += [serve]
COMMANDS += [workshop]
