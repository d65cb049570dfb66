# verdict's test runner for Python programs, run inside the sandbox as `python -I -S runner.py
# PROGRAM_PATH [MODULE...]` with the request on stdin. It splits into two processes before reading anything:
# the test process reads the tests and the pass marker, and the program process runs the model's
# program and serves function calls over pipes. The program therefore never holds the tests or
# the marker, and values cross the pipes through marshal, which accepts built-in types only, so
# an object with a forged __eq__ cannot reach the tests.
# Only modules built into the interpreter are imported here, to keep start-up near 10 ms.
import _ast
import _ctypes
import marshal
import os
import sys

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
PR_SET_DUMPABLE = 4


class ProgramDied(Exception):
    pass


class ProgramError(Exception):
    pass


def set_not_dumpable():
    # A non-dumpable process cannot be traced or have its memory read by another process of the
    # same uid, so the program process cannot read the tests or the marker out of this one.
    prctl = _ctypes.dlsym(_ctypes.dlopen(None), "prctl")
    if _ctypes.call_function(prctl, (PR_SET_DUMPABLE, 0, 0, 0, 0)) != 0:
        raise SystemExit("prctl(PR_SET_DUMPABLE) failed")


def send(fd, value):
    data = marshal.dumps(value)
    os.write(fd, len(data).to_bytes(8, "little"))
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def read_exactly(fd, size):
    chunks = []
    while size > 0:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def receive(fd):
    header = read_exactly(fd, 8)
    if header is None:
        return None
    size = int.from_bytes(header, "little")
    if size > MAX_MESSAGE_BYTES:
        raise ProgramError("a returned value is larger than %d bytes" % MAX_MESSAGE_BYTES)
    body = read_exactly(fd, size)
    if body is None:
        return None
    return marshal.loads(body)


def describe(error):
    return ("%s: %s" % (type(error).__name__, error))[:300]


def serve_program(call_in, result_out, program_path):
    # The program process. Its stdin is /dev/null by now, so the request is out of its reach.
    namespace = {"__name__": "__solution__", "__builtins__": __builtins__}
    try:
        with open(program_path, encoding="utf-8") as handle:
            source = handle.read()
        exec(compile(source, "solution.py", "exec"), namespace)
    except BaseException as error:  # the program's own failure, reported to the test process
        send(result_out, ("load-error", describe(error)))
        os._exit(0)
    send(result_out, ("ready", [name for name, value in list(namespace.items()) if callable(value)]))
    while True:
        message = receive(call_in)
        if message is None:
            os._exit(0)
        name, args, kwargs = message
        try:
            reply = ("ok", namespace[name](*args, **kwargs))
        except BaseException as error:
            reply = ("error", describe(error))
        try:
            send(result_out, reply)
        except ValueError:
            send(result_out, ("error", "the returned value is not made of built-in types only"))


def contains_code(value):
    kind = type(value)
    if kind in (list, tuple, set, frozenset):
        return any(contains_code(item) for item in value)
    if kind is dict:
        return any(contains_code(k) or contains_code(v) for k, v in value.items())
    return not (value is None or kind in (bool, int, float, complex, str, bytes))


def make_proxy(channel, name):
    call_out, result_in = channel

    def proxy(*args, **kwargs):
        try:
            send(call_out, (name, args, kwargs))
        except BrokenPipeError:
            raise ProgramDied("the program process exited") from None
        reply = receive(result_in)
        if reply is None:
            raise ProgramDied("the program process exited")
        status, value = reply
        if status != "ok":
            raise ProgramError(value)
        if contains_code(value):
            raise ProgramError("the returned value is not made of built-in types only")
        return value

    proxy.__name__ = name
    return proxy


def close_enough(actual, expected, tolerance):
    # Lists and tuples compare alike because expected values written as JSON have no tuples.
    if type(actual) is bool or type(expected) is bool:
        return type(actual) is type(expected) and actual == expected
    if type(expected) is float or type(actual) is float:
        if type(actual) not in (int, float) or type(expected) not in (int, float):
            return False
        return actual == expected or abs(actual - expected) <= tolerance * max(1.0, abs(expected))
    if type(expected) in (list, tuple) and type(actual) in (list, tuple):
        return len(actual) == len(expected) and all(
            close_enough(a, e, tolerance) for a, e in zip(actual, expected)
        )
    if type(expected) is dict and type(actual) is dict:
        return actual.keys() == expected.keys() and all(
            close_enough(actual[k], expected[k], tolerance) for k in expected
        )
    return type(actual) is type(expected) and actual == expected


def walk(node):
    yield node
    for field in node._fields:
        value = getattr(node, field, None)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, _ast.AST):
                    yield from walk(item)
        elif isinstance(value, _ast.AST):
            yield from walk(value)


def parse(source, filename):
    return compile(source, filename, "exec", _ast.PyCF_ONLY_AST)


def check_steps(test_source):
    # Splits `def check(candidate)` into its statements; each statement holding an assert is a test.
    for node in parse(test_source, "test.py").body:
        if isinstance(node, _ast.FunctionDef) and node.name == "check" and node.args.args:
            steps = []
            for statement in node.body:
                is_test = any(isinstance(child, _ast.Assert) for child in walk(statement))
                module = _ast.Module(body=[statement], type_ignores=[])
                steps.append((is_test, compile(module, "test.py", "exec")))
            if any(is_test for is_test, _ in steps):
                return node.args.args[0].arg, steps
    return None, None


class TestRun:
    def __init__(self, marker, channel, died):
        self.marker = marker
        self.channel = channel
        self.died = died
        self.results = []
        self.namespace = {"__name__": "__verdict_tests__"}

    def plan(self, count):
        os.write(1, ("\n%s plan %d\n" % (self.marker, count)).encode())

    def report(self, passed, failure=None):
        self.results.append(passed)
        note = "" if failure is None else " " + failure.replace("\n", " ").replace("\r", " ")
        line = "\n%s test %d %d%s\n" % (self.marker, len(self.results) - 1, 1 if passed else 0, note)
        os.write(1, line.encode("utf-8", "replace"))

    def run_step(self, code):
        if self.died:
            return "program exited: %s" % self.died
        try:
            exec(code, self.namespace)
            return None
        except ProgramDied as error:
            self.died = str(error)
            return "program exited: %s" % self.died
        except BaseException as error:
            return describe(error)

    def humaneval(self, request):
        candidate = make_proxy(self.channel, request["entry_point"])
        exec(compile(request["prompt"], "prompt.py", "exec"), self.namespace)
        # Tests may call the function by its name as well as through `candidate`.
        self.namespace[request["entry_point"]] = candidate
        exec(compile(request["test"], "test.py", "exec"), self.namespace)
        parameter, steps = check_steps(request["test"])
        self.plan(1 if steps is None else sum(1 for is_test, _ in steps if is_test))
        if steps is None:
            self.namespace["__verdict_candidate__"] = candidate
            failure = self.run_step(compile("check(__verdict_candidate__)", "harness", "exec"))
            self.report(failure is None, failure)
            return
        self.namespace[parameter] = candidate
        for is_test, code in steps:
            failure = self.run_step(code)
            if is_test:
                self.report(failure is None, failure)

    def asserts(self, request, program_names):
        self.plan(len(request["tests"]))
        if request.get("setup"):
            exec(compile(request["setup"], "setup.py", "exec"), self.namespace)
        referenced = set()
        for source in request["tests"]:
            referenced.update(node.id for node in walk(parse(source, "test.py")) if isinstance(node, _ast.Name))
        for name in program_names:
            if name in referenced and name not in self.namespace:
                self.namespace[name] = make_proxy(self.channel, name)
        for source in request["tests"]:
            failure = self.run_step(compile(source, "test.py", "exec"))
            self.report(failure is None, failure)

    def function_calls(self, request):
        self.plan(len(request["cases"]))
        function = make_proxy(self.channel, request["entry_point"])
        tolerance = request.get("tolerance", 0.0)
        for case in request["cases"]:
            if self.died:
                self.report(False, "program exited: %s" % self.died)
                continue
            try:
                actual = function(*case.get("args", []), **case.get("kwargs", {}))
            except ProgramDied as error:
                self.died = str(error)
                self.report(False, "program exited: %s" % self.died)
                continue
            except BaseException as error:
                self.report(False, describe(error))
                continue
            passed = close_enough(actual, case["expected"], tolerance)
            self.report(passed, None if passed else ("returned %r" % (actual,))[:300])


def main():
    program_path = sys.argv[1]
    set_not_dumpable()
    # Modules the prompt imports (named by verdict on the command line) are loaded once, before
    # the fork, so the two processes do not each pay for them.
    for module in sys.argv[2:]:
        try:
            __import__(module)
        except ImportError:
            pass
    call_read, call_write = os.pipe()
    result_read, result_write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(call_write)
        os.close(result_read)
        null = os.open("/dev/null", os.O_RDWR)
        os.dup2(null, 0)
        # The program's prints are dropped: the tests judge return values, and the program must
        # have no handle on the stream that carries the marker lines.
        os.dup2(null, 1)
        os.close(null)
        serve_program(call_read, result_write, program_path)
        os._exit(0)
    os.close(call_read)
    os.close(result_write)

    # The request is a JSON object written by verdict itself, and JSON is a Python literal once
    # true, false and null are names.
    request = eval(sys.stdin.read(), {"__builtins__": {}, "true": True, "false": False, "null": None})
    first = receive(result_read)
    status, value = first if first else ("load-error", "the program process exited while loading")
    load_error = None if status == "ready" else "the program failed to load: %s" % value
    run = TestRun(request["marker"], (call_write, result_read), load_error)
    kind = request["kind"]
    if kind == "humaneval":
        run.humaneval(request)
    elif kind == "asserts":
        run.asserts(request, value if status == "ready" else [])
    elif kind == "function-call":
        run.function_calls(request)

    try:
        os.kill(child, 9)
    except ProcessLookupError:
        pass
    os.waitpid(child, 0)
    note = "" if load_error is None else " " + load_error.replace("\n", " ")
    os.write(1, ("\n%s done %d%s\n" % (request["marker"], len(run.results), note)).encode("utf-8", "replace"))
    os._exit(0)


main()
