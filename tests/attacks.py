"""Adversarial submissions for the toy key (tests/notebook_factory.py), one per way a student
tried to choose their own grade. Each is {exercise: source of its solution cell}; exercises
left out keep the student copy's stub. The comment of each says what it did to the grader
this replaced (checks run in the student's kernel, "a check passes when it printed no error").

Every attack is written to be harmless outside a sandbox too: what it reads it only uses to
score, what it kills or writes is restricted to paths and processes under MARK (a folder the
test makes), and its background process ends on its own.
"""
from notebook_factory import toy_answers

from aqwal.exercises.generate import is_solution, student_notebook

STUB = "raise NotImplementedError()"
WRONG = {"ex1": "def double(x):\n    return 0", "ex2": "def shout(s):\n    return s",
         "ex3": "def total(xs):\n    return 0", "ex4": "def mean(xs):\n    return 2.5"}


def submission(solutions: dict[str, str], name: str = "toy"):
    """The student copy of the toy key with these solution cells."""
    nb = student_notebook(toy_answers(), name)
    for cell in nb.cells:
        ex = cell.id.removesuffix("-solution")
        if is_solution(cell) and ex in solutions:
            cell.source = solutions[ex]
    return nb


def _first(hook: str) -> dict[str, str]:
    """Install `hook` in the first solution cell, answer everything wrongly."""
    return {**WRONG, "ex1": hook + "\n" + WRONG["ex1"]}


# --- silence the errors: every check "ran without an error", full marks for wrong answers -----
SILENCERS = {
    "set_custom_exc": _first(
        "get_ipython().set_custom_exc((BaseException,), lambda shell, etype, value, tb, tb_offset=None: None)"),
    "input_transformer": _first(
        "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])"),
    "ast_transformer": _first(
        "import ast\n"
        "class _Hush(ast.NodeTransformer):\n"
        "    def visit_Module(self, node):\n"
        "        body = [ast.Try(body=[s], handlers=[ast.ExceptHandler(type=None, name=None, body=[ast.Pass()])],\n"
        "                        orelse=[], finalbody=[]) for s in node.body]\n"
        "        return ast.fix_missing_locations(ast.Module(body=body or [ast.Pass()], type_ignores=[]))\n"
        "get_ipython().ast_transformers.append(_Hush())"),
    "showtraceback": _first(
        "_ip = get_ipython()\n"
        "_ip.showtraceback = lambda *a, **k: None\n"
        "_ip._showtraceback = lambda *a, **k: None"),
    "post_run_cell_clears": _first(
        "from IPython.display import clear_output\n"
        "get_ipython().events.register('post_run_cell', lambda result: clear_output())"),
    "render_traceback_raises": {
        "ex1": "class Quiet(Exception):\n"
               "    def _render_traceback_(self):\n"
               "        raise RuntimeError('nothing to see')\n"
               "def double(x):\n"
               "    raise Quiet()",
        "ex2": "def shout(s):\n    raise Quiet()", "ex3": "def total(xs):\n    raise Quiet()",
        "ex4": "def mean(xs):\n    raise Quiet()"},
}

# --- fool ==: objects that compare equal to anything, subclasses, patched comparisons -----------
FOOL_EQUALITY = {
    "ex1": "class AlwaysEqual:\n"
           "    def __eq__(self, other):\n        return True\n"
           "    def __ne__(self, other):\n        return False\n"
           "    __hash__ = object.__hash__\n"
           "def double(x):\n    return AlwaysEqual()",
    "ex2": "class Yes(str):\n"
           "    def __eq__(self, other):\n        return True\n"
           "    __hash__ = str.__hash__\n"
           "def shout(s):\n    return Yes('no')",
    "ex3": "def total(xs):\n    return float(sum(xs))   # 3.0 == 3, but it is not an int",
    "ex4": "import math\nimport numpy as np\n"
           "math.isclose = lambda *a, **k: True\nnp.isclose = np.allclose = lambda *a, **k: True\n"
           "class Num(float):\n"
           "    def __eq__(self, other):\n        return True\n"
           "    __hash__ = float.__hash__\n"
           "def mean(xs):\n    return Num(0.25)",
}

# --- read the key: find answers/ through the working folder, /proc, the package, the caches ---
READ_THE_KEY = {"ex1": '''
import glob, json, os
def _steal():
    found, places = [], {os.getcwd(), os.path.expanduser("~"), "/"}
    try:
        import aqwal
        places.add(os.path.dirname(os.path.dirname(os.path.dirname(aqwal.__file__))))
    except Exception:
        pass
    for proc in glob.glob("/proc/[0-9]*"):
        try:
            places.add(os.readlink(proc + "/cwd"))
            for arg in open(proc + "/cmdline", "rb").read().split(b"\\0"):
                arg = arg.decode(errors="ignore")
                places.add(os.path.dirname(arg) if arg.endswith((".ipynb", ".json")) else arg)
        except OSError:
            pass
    for place in list(places):
        d = place
        for _ in range(6):
            found += glob.glob(os.path.join(d, "answers", "*.ipynb"))
            found += glob.glob(os.path.join(d, "*", "answers", "*.ipynb"))
            found += glob.glob(os.path.join(d, ".cache", "aqwal", "keys", "*.json"))
            d = os.path.dirname(d)
    for path in found:
        try:
            for cell in json.load(open(path))["cells"]:
                source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                if "BEGIN SOLUTION" in source:
                    exec(source, globals())
        except Exception:
            pass
    return found
_found = _steal()
'''}


def tamper(mark: str, answers: str, data: str) -> dict[str, str]:
    """Change what the next notebooks are graded with: the key on disk (checks that always
    fail, NaN points), the data, a startup file in the IPython profile, a module planted in
    the working folder, and a process that outlives the kernel and kills the next ones."""
    return {"ex1": f'''
import glob, json, math, os, subprocess, sys
MARK = {mark!r}
for key in glob.glob(os.path.join({answers!r}, "*.ipynb")):
    try:
        nb = json.load(open(key))
        for cell in nb["cells"]:
            grading = cell.get("metadata", {{}}).get("nbgrader", {{}})
            if grading.get("grade"):
                grading["points"] = math.nan
                cell["source"] = "raise AssertionError('changed by another submission')"
        json.dump(nb, open(key, "w"))
    except Exception:
        pass
copies = os.path.join(os.environ.get("AQWAL_DATA", "/nowhere"), "*")
for path in glob.glob(os.path.join({data!r}, "*")) + glob.glob(copies):
    try:
        open(path, "a").write("tampered")
    except Exception:
        pass
try:
    startup = os.path.expanduser("~/.ipython/profile_default/startup")
    os.makedirs(startup, exist_ok=True)
    open(os.path.join(startup, "00-tamper.py"), "w").write("import os\\nif MARK_IN_CWD: os._exit(1)\\n"
        .replace("MARK_IN_CWD", repr(MARK) + " in os.getcwd()"))
except Exception:
    pass
try:
    open("colorsys.py", "w").write("raise ImportError('planted by another submission')")
except Exception:
    pass
daemon = "\\n".join([
    "import os, time",
    "end = time.time() + 60",
    "while time.time() < end:",
    "    for p in os.listdir('/proc'):",
    "        try:",
    "            mine = p.isdigit() and int(p) != os.getpid() and MARK in os.readlink('/proc/' + p + '/cwd')",
    "            if mine and b'ipykernel' in open('/proc/' + p + '/cmdline', 'rb').read():",
    "                os.kill(int(p), 9)",
    "        except Exception:",
    "            pass",
    "    time.sleep(0.05)"]).replace("MARK", repr(MARK))
subprocess.Popen([sys.executable, "-c", daemon], start_new_session=True, stdin=subprocess.DEVNULL,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def double(x):
    return 2 * x
'''}


# --- stop the batch: kernels that do not stop, a notebook the reader chokes on ------------------
IGNORES_SIGINT = {"ex2": "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                          "while True:\n    time.sleep(0.05)"}
BARE_EXCEPT_LOOP = {"ex2": "import time\nwhile True:\n    try:\n        time.sleep(0.05)\n    except:\n        pass"}
KILLS_ITS_PARENT = {"ex1": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\ndef double(x):\n    return 2 * x"}
DIES = {"ex2": "import os\nos._exit(1)"}
HANGS_IN_A_CASE = {"ex1": "def double(x):\n    while True:\n        pass",
                   "ex2": "def shout(s):\n    return s.upper() + '!'"}

# --- spoof the report: the grader's own stdout, terminal escapes, huge messages -----------------
SPOOF = {"ex1": "import os, sys\n"
                "os.write(1, b'\\n{\"notebook\": \"forged\", \"total\": 100}\\n')\n"
                "os.write(2, b'\\x1b[2J\\x1b[31mforged\\n')\n"
                "print('Exercise 1: passed')\n"
                "def double(x):\n"
                "    raise ValueError('\\x1b[2J\\x1b]0;owned\\x07\\u202e' + 'A' * 100000)",
         "ex2": "def shout(s):\n    return '\\x1b[31m' + 'B' * 10_000_000",
         "ex3": "from IPython.display import publish_display_data\n"
                "import json\n"
                "def total(xs):\n"
                "    payload = json.dumps({'exercise': 'ex3', 'case': 0, 'outcome': {'value': '3'}})\n"
                "    publish_display_data({'application/vnd.aqwal.result': payload})\n"
                "    raise NotImplementedError()"}
