"""Reading a student's source for Python loops: what a kata function, and all it can reach, runs.

A run-time check sees loops that run Python code or torch calls once per element, but not those
that C code runs: `sum(map(operator.mul, xs, ys))` runs no Python line per element. So the source
is read too, and read warily, as a student who has read this file would write it:
- everything the kata function can reach by name is read: its own body, module-level helpers,
  nested functions, classes, aliases (`s = sum`, `import builtins as b`, `from functools import
  reduce as r`, `getattr(builtins, "sum")`), whatever binding a name may have at run time;
- loop syntax, looping built-ins and modules, recursion (a cycle of functions) and iteration
  protocols (`__getitem__`, `__iter__`) are loops;
- code the grader cannot read through fails closed: eval and exec, `getattr` with a computed
  name, `__builtins__`, modules other than torch, numpy and a few pure ones, PyTorch's internals,
  and anywhere in the module, changes to imported modules (`torch.dot = ...`) or to the
  module's own names by the back door (`globals()[...]`).

A Finding's `kind` is worded for the student, in their language (`_()` at the time of reading: the
checks run after the grader has chosen it), to be placed in a check's own message.
"""
from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass
from typing import Iterator

from grader.checkkit.expect import fail
from grader.i18n import N_, _
from grader.sandbox.parent import Sandbox, StudentError

LOOP_SYNTAX = {ast.For: N_("a for loop"), ast.AsyncFor: N_("a for loop"), ast.While: N_("a while loop"),
               ast.ListComp: N_("a list comprehension"), ast.SetComp: N_("a set comprehension"),
               ast.DictComp: N_("a dict comprehension"), ast.GeneratorExp: N_("a generator expression"),
               ast.YieldFrom: N_("yield from, a loop over its values")}
# Built-ins that compute something for each element they walk (in C, so no Python line runs per
# element). Those that only gather the elements (list(), zip(), *x) are not loops of their own.
LOOPING_BUILTINS = frozenset({"sum", "map", "filter", "min", "max", "sorted", "any", "all"})
# Built-ins that run code the grader cannot read, or reach names by text.
HIDING_BUILTINS = frozenset({"eval", "exec", "compile", "__import__", "globals", "locals", "vars",
                             "setattr", "delattr", "breakpoint", "__builtins__", "__loader__", "__spec__"})
LOOPING_NAMES = frozenset({"functools.reduce", "math.fsum", "math.prod", "math.sumprod", "numpy.vectorize",
                           "numpy.frompyfunc", "numpy.fromiter", "numpy.apply_along_axis",
                           "numpy.apply_over_axes", "numpy.piecewise", "numpy.nditer", "numpy.ndenumerate",
                           "numpy.ndindex"})
LOOPING_MODULES = frozenset({"itertools"})
HIDING_NAMES = frozenset({"operator.attrgetter", "operator.methodcaller", "functools.singledispatch"})
# Modules a kata function may use: all already imported by the sandbox, so a student's file of
# the same name cannot stand in for them.
KNOWN_MODULES = frozenset({"torch", "numpy", "math", "operator", "functools", "typing", "builtins",
                           "__future__", "itertools"})
# Methods that call a Python function once per element (Tensor.apply_, map_, map2_).
LOOPING_METHODS = frozenset({"apply_", "map_", "map2_"})
# Attributes that reach code or names the grader cannot follow.
HIDING_ATTRIBUTES = frozenset({"__dict__", "__globals__", "__builtins__", "__getattribute__", "__getattr__",
                               "__code__", "__closure__", "__subclasses__", "__import__", "__loader__",
                               "__spec__", "__reduce__", "__reduce_ex__", "__func__", "__wrapped__",
                               "__setattr__", "__class__", "__bases__", "__mro__", "__self__", "__module__"})
# Methods that make a class iterable: Python calls them once per element.
ITERATION_METHODS = frozenset({"__iter__", "__next__", "__getitem__", "__contains__", "__reversed__",
                               "__aiter__", "__anext__"})

RECURSION = N_("recursion (a function that calls itself)")
PER_ELEMENT = N_(".{method}(), which calls a Python function once per element")

STEP_LIMIT = 400_000  # some 50 times a long kata file; a file built to be slow to read fails closed
PATH_DEPTH = 8  # `x = x.a` makes ever longer paths; no module path worth judging is this deep
_Def = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass(frozen=True)
class Finding:
    """Where a kata function loops, or runs code the grader cannot read.

    `function`: the function the line is in ("" at module level); `kind`: what is there, for a
    beginner ("a for loop", "the built-in sum()"); `hidden`: True when the grader cannot tell
    whether the code loops, False when it does."""

    function: str
    kind: str
    line: int
    hidden: bool = False


class _Scope:
    """A module, function, lambda or class body: the names it binds, and to what."""

    def __init__(self, node: ast.AST, parent: _Scope | None) -> None:
        self.node, self.parent = node, parent
        self.bindings: dict[str, list[_Binding]] = {}
        self.declared: dict[str, str] = {}  # name -> "global" or "nonlocal"
        self.sure: set[str] = set()  # module names bound by a top-level statement that always runs
        self.deleted: set[str] = set()

    @property
    def is_class(self) -> bool:
        return isinstance(self.node, ast.ClassDef)


@dataclass(frozen=True)
class _Binding:
    """What a name may refer to: code to read (`unit`), or a module path (`path`); neither for a parameter."""

    unit: ast.AST | None = None
    path: str | None = None  # "torch", "builtins.sum", or "" for a module the grader does not know


class _Module:
    """A parsed module: its scopes, and for each node its scope and enclosing function's name."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.module = _Scope(tree, None)
        self.scope_of: dict[int, _Scope] = {}
        self.owner: dict[int, str] = {}
        self.star: list[str] = []  # modules imported with *
        self._paths: dict[int, set[str]] = {}
        self._busy: set[int] = set()
        self._cycled = False
        self._steps = 0
        self._visit_body(tree.body, self.module, "", top=True)

    # ----- building the scopes ------------------------------------------------------------------

    def _bind(self, scope: _Scope, name: str, binding: _Binding) -> None:
        target = scope
        kind = scope.declared.get(name)
        if kind == "global":
            target = self.module
        elif kind == "nonlocal":
            target = scope.parent or self.module
            while target.parent is not None and (target.is_class or name not in target.bindings):
                target = target.parent
        target.bindings.setdefault(name, []).append(binding)

    def _visit_body(self, body: list[ast.stmt], scope: _Scope, owner: str, top: bool = False) -> None:
        for stmt in body:
            self._visit(stmt, scope, owner, top)

    def _visit(self, node: ast.AST, scope: _Scope, owner: str, top: bool = False) -> None:
        self.spend()
        if isinstance(node, (ast.Global, ast.Nonlocal)):  # Python allows them only before any use
            for name in node.names:
                scope.declared.setdefault(name, "global" if isinstance(node, ast.Global) else "nonlocal")
        self.scope_of[id(node)] = scope
        self.owner[id(node)] = owner
        if isinstance(node, _Def):
            self._bind(scope, node.name, _Binding(node))
            if top:
                scope.sure.add(node.name)
            for part in (*node.decorator_list, *self._outer_parts(node)):
                self._visit(part, scope, owner)
            inner = _Scope(node, scope)
            if not isinstance(node, ast.ClassDef):
                self._bind_arguments(node.args, inner)
            self._visit_body(node.body, inner, node.name)
            return
        if isinstance(node, ast.Lambda):
            for part in (*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)):
                self._visit(part, scope, owner)
            inner = _Scope(node, scope)
            self._bind_arguments(node.args, inner)
            self._visit(node.body, inner, owner or "<lambda>")
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            self._bind_import(node, scope, top)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is not None:
                for target in targets:
                    for name in _stored_names(target):
                        self._bind(scope, name, _Binding(node.value))
                        if top and isinstance(target, ast.Name) and not isinstance(node, ast.AugAssign):
                            scope.sure.add(name)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            for name in _stored_names(node.target):
                self._bind(scope, name, _Binding(node))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    for name in _stored_names(item.optional_vars):
                        self._bind(scope, name, _Binding(item.context_expr))
        elif isinstance(node, ast.ExceptHandler) and node.name:
            self._bind(scope, node.name, _Binding(node))
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            self._bind(scope, node.name, _Binding(node))
        elif isinstance(node, ast.MatchMapping) and node.rest:
            self._bind(scope, node.rest, _Binding(node))
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                scope.deleted.update(_stored_names(target))
        named = _lambda_name(node) if not owner else None  # `f = lambda ...` at module level is f
        for child in ast.iter_child_nodes(node):
            self._visit(child, scope, named if named and child is getattr(node, "value", None) else owner)

    @staticmethod
    def _outer_parts(node: ast.AST) -> Iterator[ast.AST]:
        """The parts of a def or class that run where it is defined: defaults, annotations, bases."""
        if isinstance(node, ast.ClassDef):
            yield from node.bases
            yield from (k.value for k in node.keywords)
            return
        assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        args = node.args
        yield from args.defaults
        yield from (d for d in args.kw_defaults if d is not None)
        for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if a is not None and a.annotation is not None:
                yield a.annotation
        if node.returns is not None:
            yield node.returns

    def _bind_arguments(self, args: ast.arguments, scope: _Scope) -> None:
        for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if a is not None:
                self._bind(scope, a.arg, _Binding())

    def _bind_import(self, node: ast.Import | ast.ImportFrom, scope: _Scope, top: bool) -> None:
        for alias in node.names:
            if isinstance(node, ast.Import):
                name = alias.asname or alias.name.split(".")[0]
                path = alias.name if alias.asname else alias.name.split(".")[0]
            else:
                base = "" if node.level else (node.module or "")
                if alias.name == "*":
                    self.star.append(base)
                    continue
                name = alias.asname or alias.name
                path = f"{base}.{alias.name}" if base else ""
            self._bind(scope, name, _Binding(path=path))
            if top:
                scope.sure.add(name)

    # ----- looking names up ---------------------------------------------------------------------

    def lookup(self, name: str, scope: _Scope) -> list[_Binding]:
        """Every binding `name` may have when read in `scope`; builtins and * imports included."""
        kind = scope.declared.get(name)
        current: _Scope | None = self.module if kind == "global" else scope
        first = True
        while current is not None:
            if (first or not current.is_class) and name in current.bindings:
                found = list(current.bindings[name])
                if current is self.module and (name not in current.sure or name in current.deleted):
                    found += self._fallback(name)  # the module's own may be unbound at run time
                return found
            first = False
            current = current.parent
        return self._fallback(name)

    def _fallback(self, name: str) -> list[_Binding]:
        if hasattr(builtins, name) or name in HIDING_BUILTINS:
            return [_Binding(path=f"builtins.{name}")]  # a * import may shadow it; the built-in is judged
        return [_Binding(path=f"{m}.{name}" if m else "") for m in self.star]

    def paths(self, node: ast.AST) -> set[str]:
        """The module paths an expression may stand for ("builtins.sum", "torch"), through aliases."""
        key = id(node)
        if key in self._paths:
            return self._paths[key]
        if key in self._busy:
            self._cycled = True
            return set()
        self.spend()
        self._busy.add(key)
        outer, self._cycled = self._cycled, False
        try:
            found = self._paths_of(node)
        finally:
            self._busy.discard(key)
        if not self._cycled:  # a result cut short by a cycle is not kept: asked again, it is redone
            self._paths[key] = found
        self._cycled = self._cycled or outer
        return found

    def spend(self, steps: int = 1) -> None:
        """Count work; a file that needs more than STEP_LIMIT is too tangled to read (fail closed)."""
        self._steps += steps
        if self._steps > STEP_LIMIT:
            raise _Tangled

    def _paths_of(self, node: ast.AST) -> set[str]:
        scope = self.scope_of.get(id(node), self.module)
        if isinstance(node, ast.Name):
            out: set[str] = set()
            for b in self.lookup(node.id, scope):
                if b.path is not None:
                    out.add(b.path)
                elif b.unit is not None and isinstance(b.unit, ast.expr):
                    out |= self.paths(b.unit)
            return out
        if isinstance(node, ast.Attribute):
            return {f"{p}.{node.attr}" if p else "" for p in self.paths(node.value) if p.count(".") < PATH_DEPTH}
        if isinstance(node, ast.Call):
            func = self.paths(node.func)
            name = _literal_name(node)
            if name is not None and "builtins.getattr" in func:
                return {f"{p}.{name}" if p else "" for p in self.paths(node.args[0]) if p.count(".") < PATH_DEPTH}
            if "functools.partial" in func and node.args:
                return self.paths(node.args[0])
            return set()
        if isinstance(node, (ast.Subscript, ast.Starred, ast.NamedExpr)):
            return self.paths(node.value)
        parts: list[ast.AST] = []
        if isinstance(node, ast.IfExp):
            parts = [node.body, node.orelse]
        elif isinstance(node, ast.BoolOp):
            parts = list(node.values)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            parts = list(node.elts)
        elif isinstance(node, ast.Dict):
            parts = list(node.values)
        return set().union(*(self.paths(p) for p in parts)) if parts else set()


class _Tangled(Exception):
    """The file needs more work to read than the grader gives it."""


def _lambda_name(node: ast.AST) -> str | None:
    if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)):
        return node.targets[0].id
    return None


def _stored_names(target: ast.AST) -> Iterator[str]:
    """The names an assignment target binds: `x`, `x, *y`; not `x` in `x.a = ` or `x[0] = `."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for elt in target.elts:
            yield from _stored_names(elt)
    elif isinstance(target, ast.Starred):
        yield from _stored_names(target.value)


def _literal_name(call: ast.Call) -> str | None:
    """The name of getattr(x, "name") when it is a literal."""
    if len(call.args) >= 2 and isinstance(call.args[1], ast.Constant) and isinstance(call.args[1].value, str):
        return call.args[1].value
    return None


def _judge_path(path: str) -> tuple[str, bool] | None:
    """(what it is for a beginner, hidden) when a module path loops or hides code; None when fine."""
    if not path:
        return _("code from another file"), True
    parts = path.split(".")
    root = parts[0]
    if root == "builtins" and len(parts) == 2:
        if parts[1] in LOOPING_BUILTINS:
            return _("the built-in {name}()").format(name=parts[1]), False
        if parts[1] in HIDING_BUILTINS:
            return (f"{parts[1]}()" if not parts[1].startswith("__") else parts[1]), True
        if parts[1] == "getattr":
            return None  # judged at the call: fine with a literal name
    if root in LOOPING_MODULES:
        return f"{path}()" if len(parts) > 1 else _("the module {module}").format(module=root), False
    if path in LOOPING_NAMES:
        return f"{path}()", False
    if path in HIDING_NAMES:
        return f"{path}()", True
    if root not in KNOWN_MODULES:
        return _("the module {module}").format(module=root), True
    private = next((p for p in parts[1:] if p.startswith("_") and not (p.startswith("__") and p.endswith("__"))),
                   None)
    if private is not None:
        return _("{name}, an internal part of {module}").format(name=path, module=root), True
    hiding = next((p for p in parts[1:] if p in HIDING_ATTRIBUTES), None)
    if hiding is not None:
        return hiding, True
    return None


class _Reader:
    """Reads what a function can reach, depth first, and stops at the first finding."""

    def __init__(self, module: _Module) -> None:
        self.m = module
        self.done: set[int] = set()
        self.stack: list[int] = []
        self.pairwise: set[int] = set()  # min and max called on two or more values: no walk

    def unit(self, node: ast.AST) -> Finding | None:
        if id(node) in self.stack:
            if isinstance(node, ast.ClassDef):
                return None  # a method that names its own class is not a loop
            name = node.name if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else \
                self.m.owner.get(id(node), "")
            return Finding(name, _(RECURSION), getattr(node, "lineno", 0))
        if id(node) in self.done:
            return None
        self.stack.append(id(node))
        try:
            for inner in sorted(ast.walk(node), key=_position):  # the first finding in reading order
                found = self.node(inner)
                if found is not None:
                    return found
        finally:
            self.stack.pop()
        self.done.add(id(node))
        return None

    def node(self, node: ast.AST) -> Finding | None:
        self.m.spend()
        owner, line = self.m.owner.get(id(node), ""), getattr(node, "lineno", 0)
        kind = LOOP_SYNTAX.get(type(node))
        if kind is not None:
            return Finding(owner, _(kind), line)
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                if item.name in ITERATION_METHODS:
                    return Finding(node.name, _("a class with {method}, which Python calls once per element").format(
                        method=item.name), item.lineno)
                line = _calls_itself(node, item)
                if line:
                    return Finding(f"{node.name}.{item.name}", _(RECURSION), line)
        if isinstance(node, ast.Call):
            paths = self.m.paths(node.func)
            if "builtins.getattr" in paths:
                name = _literal_name(node)
                if name is None:
                    return Finding(owner, _("getattr() with a name the grader cannot read"), line, hidden=True)
                if name in LOOPING_METHODS:
                    return Finding(owner, _(PER_ELEMENT).format(method=name), line)
                if name in HIDING_ATTRIBUTES:
                    return Finding(owner, name, line, hidden=True)
            if paths & {"builtins.min", "builtins.max"} and len(node.args) >= 2 and not any(
                    isinstance(a, ast.Starred) for a in node.args):
                self.pairwise.add(id(node.func))  # min(len(a), len(b)) compares values, it walks nothing
            if "builtins.iter" in paths and len(node.args) == 2:
                return Finding(owner, _("iter() with a sentinel, which calls a function until it gives that value"),
                               line)
            if "builtins.type" in paths and len(node.args) == 3:
                return Finding(owner, _("type() making a class"), line, hidden=True)
        if isinstance(node, ast.Attribute):
            if node.attr in LOOPING_METHODS:
                return Finding(owner, _(PER_ELEMENT).format(method=node.attr), line)
            if node.attr in HIDING_ATTRIBUTES:
                return Finding(owner, node.attr, line, hidden=True)
        loaded = isinstance(getattr(node, "ctx", ast.Load()), ast.Load)
        if isinstance(node, (ast.Name, ast.Attribute, ast.Call)) and loaded and id(node) not in self.pairwise:
            for path in sorted(self.m.paths(node)):
                judged = _judge_path(path)
                if judged is not None:
                    return Finding(owner, judged[0], line, judged[1])
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            scope = self.m.scope_of.get(id(node), self.m.module)
            for b in self.m.lookup(node.id, scope):
                if b.unit is not None:
                    found = self.unit(b.unit)
                    if found is not None:
                        return found
        return None


def _position(node: ast.AST) -> tuple[int, int]:
    return getattr(node, "lineno", 0), getattr(node, "col_offset", 0)


def _calls_itself(cls: ast.ClassDef, item: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """The line where a method names itself through `self.` or its class (recursion), or 0."""
    owners = {cls.name} | ({item.args.args[0].arg} if item.args.args else set())
    for node in ast.walk(item):
        if (isinstance(node, ast.Attribute) and node.attr == item.name and isinstance(node.value, ast.Name)
                and node.value.id in owners):
            return node.lineno
        if (item.name == "__call__" and isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in owners):
            return node.lineno  # self(...) in __call__
    return 0


def _back_doors(m: _Module) -> Finding | None:
    """Anywhere in the module: changes to imported modules and builtins, or to the module's own
    names by text, which can swap what a kata function runs without showing it."""
    found: list[Finding] = []
    for node in ast.walk(m.tree):
        m.spend()
        owner, line = "", getattr(node, "lineno", 0)  # reported for the file: it may run anywhere
        targets: list[ast.AST] = []
        if isinstance(node, ast.Delete):
            targets = list(node.targets)
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and not _constant(node.value):
            targets = list(node.targets) if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, (ast.Attribute, ast.Subscript)) and isinstance(part.ctx, (ast.Store, ast.Del)):
                    changed = sorted(p for p in m.paths(part.value) if not p.startswith("builtins.") or
                                     p.split(".")[1] in HIDING_BUILTINS | {"getattr"})
                    if changed or _names_builtin(m, part.value):
                        base = (changed[0] or _("a module of another file")) if changed else ast.unparse(part.value)
                        what = f"{base}.{part.attr}" if changed and isinstance(part, ast.Attribute) else base
                        found.append(Finding(owner, _("a change to {what}").format(what=what), line, hidden=True))
        if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Load):
            for path in sorted(m.paths(node)):
                if path.startswith("builtins.") and path.split(".")[1] in HIDING_BUILTINS:
                    judged = _judge_path(path)
                    assert judged is not None
                    found.append(Finding(owner, judged[0], line, hidden=True))
    return min(found, key=lambda f: f.line, default=None)  # the first in the file


def _constant(node: ast.AST | None) -> bool:
    """Whether a value is plain data (a setting such as `torch.backends.cudnn.benchmark = True`)."""
    return node is None or all(isinstance(n, (ast.Constant, ast.Tuple, ast.List, ast.UnaryOp, ast.unaryop,
                                               ast.Load)) for n in ast.walk(node))


def _names_builtin(m: _Module, node: ast.AST) -> bool:
    """Whether an expression's leftmost name is a built-in module object: `__builtins__[...] = `."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return isinstance(node, ast.Name) and node.id in HIDING_BUILTINS


def parse(box: Sandbox, purpose: str) -> ast.Module:
    """The student's module as Python reads it, parsed; a failed check when it cannot be read
    or parsed (fail closed). `purpose`: what the grader then cannot check, for the message."""
    file = f"{box.module}.py"
    try:
        return ast.parse(box.source(), filename=file)
    except StudentError as e:
        fail(_("the grader could not read {file} ({reason}), so it cannot check {purpose}").format(
            file=file, reason=e.message, purpose=purpose))
    except SyntaxError as e:
        if e.lineno:
            fail(_("{file} has a syntax error on line {line}, so the grader cannot check {purpose}").format(
                file=file, line=e.lineno, purpose=purpose))
        fail(_("the grader could not parse {file}, so it cannot check {purpose}").format(file=file, purpose=purpose))
    except (ValueError, RecursionError, MemoryError):
        fail(_("the grader could not parse {file}, so it cannot check {purpose}").format(file=file, purpose=purpose))


def find_loop(tree: ast.Module, function: str) -> Finding | None:
    """The first place where module-level function `function` loops in Python, or runs code the
    grader cannot read (`hidden`); None when there is neither."""
    try:
        return _find_loop(_Module(tree), function)
    except (_Tangled, RecursionError):
        return Finding("", _("code too tangled or too deeply nested for the grader to read"), 0, hidden=True)


def _find_loop(m: _Module, function: str) -> Finding | None:
    found = _back_doors(m)
    if found is not None:
        return found
    bindings = m.module.bindings.get(function)
    if not bindings:
        return Finding("", _("no def {function}(...) at its top level").format(function=function), 0, hidden=True)
    reader = _Reader(m)
    for b in bindings:
        if b.path is not None:
            judged = _judge_path(b.path)
            if judged is not None:
                return Finding(function, judged[0], 0, judged[1])
        elif b.unit is not None:
            found = reader.unit(b.unit)
            if found is not None:
                return found
    return None
