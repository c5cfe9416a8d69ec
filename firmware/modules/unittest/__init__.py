# A unittest-compatible test framework for this port (micropython-lib's is not
# available here). Supports TestCase with setUp/tearDown/setUpClass/tearDownClass,
# the common assert methods, assertRaises as call or context manager, skip/skipIf/
# skipUnless/expectedFailure, subTest, and main(). Output follows CPython:
# "test_x (module.Class) ... ok", then "Ran N tests" and "OK" or "FAILED (...)".
import sys


class SkipTest(Exception):
    pass


class _AssertRaisesContext:
    def __init__(self, exc):
        self.expected = exc
        self.exception = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is None:
            raise AssertionError("%r not raised" % self.expected)
        if issubclass(exc_type, self.expected):
            self.exception = exc_value
            return True
        return False


class _SubTest:
    def __init__(self, case, params):
        self.case = case
        self.params = params

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is None:
            return False
        if issubclass(exc_type, AssertionError):
            self.case._subfailures.append("%s: %s" % (self.params, exc_value))
            return True
        return False


class TestCase:
    def __init__(self, method_name="runTest"):
        self._method = method_name
        self._subfailures = []

    def setUp(self):
        pass

    def tearDown(self):
        pass

    @classmethod
    def setUpClass(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        pass

    def skipTest(self, reason):
        raise SkipTest(reason)

    def fail(self, msg=""):
        raise AssertionError(msg)

    def subTest(self, msg=None, **params):
        return _SubTest(self, msg if msg is not None else params)

    def _check(self, cond, msg, default):
        if not cond:
            raise AssertionError(msg if msg is not None else default)

    def assertEqual(self, a, b, msg=None):
        self._check(a == b, msg, "%r != %r" % (a, b))

    def assertNotEqual(self, a, b, msg=None):
        self._check(a != b, msg, "%r == %r" % (a, b))

    def assertTrue(self, x, msg=None):
        self._check(x, msg, "%r is not true" % (x,))

    def assertFalse(self, x, msg=None):
        self._check(not x, msg, "%r is not false" % (x,))

    def assertIs(self, a, b, msg=None):
        self._check(a is b, msg, "%r is not %r" % (a, b))

    def assertIsNot(self, a, b, msg=None):
        self._check(a is not b, msg, "%r is %r" % (a, b))

    def assertIsNone(self, x, msg=None):
        self._check(x is None, msg, "%r is not None" % (x,))

    def assertIsNotNone(self, x, msg=None):
        self._check(x is not None, msg, "unexpectedly None")

    def assertIn(self, a, b, msg=None):
        self._check(a in b, msg, "%r not found in %r" % (a, b))

    def assertNotIn(self, a, b, msg=None):
        self._check(a not in b, msg, "%r unexpectedly found in %r" % (a, b))

    def assertIsInstance(self, x, cls, msg=None):
        self._check(isinstance(x, cls), msg, "%r is not an instance of %r" % (x, cls))

    def assertGreater(self, a, b, msg=None):
        self._check(a > b, msg, "%r not greater than %r" % (a, b))

    def assertGreaterEqual(self, a, b, msg=None):
        self._check(a >= b, msg, "%r not greater than or equal to %r" % (a, b))

    def assertLess(self, a, b, msg=None):
        self._check(a < b, msg, "%r not less than %r" % (a, b))

    def assertLessEqual(self, a, b, msg=None):
        self._check(a <= b, msg, "%r not less than or equal to %r" % (a, b))

    def assertAlmostEqual(self, a, b, places=None, msg=None, delta=None):
        if delta is not None:
            ok = abs(a - b) <= delta
            why = "%r != %r within %r delta" % (a, b, delta)
        else:
            places = 7 if places is None else places
            ok = round(abs(a - b), places) == 0
            why = "%r != %r within %r places" % (a, b, places)
        self._check(a == b or ok, msg, why)

    def assertRaises(self, exc, func=None, *args, **kwargs):
        ctx = _AssertRaisesContext(exc)
        if func is None:
            return ctx
        with ctx:
            func(*args, **kwargs)
        return None


def skip(reason):
    def decorator(f):
        def skipped(*args, **kwargs):
            raise SkipTest(reason)
        return skipped
    return decorator


def skipIf(cond, reason):
    return skip(reason) if cond else (lambda f: f)


def skipUnless(cond, reason):
    return skip(reason) if not cond else (lambda f: f)


def expectedFailure(f):
    def wrapper(*args, **kwargs):
        try:
            f(*args, **kwargs)
        except AssertionError:
            return
        raise AssertionError("unexpected success")
    return wrapper


class TestResult:
    def __init__(self):
        self.testsRun = 0
        self.failures = []
        self.errors = []
        self.skipped = []

    def wasSuccessful(self):
        return not self.failures and not self.errors


def _test_methods(cls):
    return sorted(n for n in dir(cls) if n.startswith("test") and callable(getattr(cls, n)))


def _run_case(cls, modname, result):
    try:
        cls.setUpClass()
    except Exception as e:
        result.errors.append(("setUpClass (%s.%s)" % (modname, cls.__name__), repr(e)))
        print("setUpClass (%s.%s) ... ERROR" % (modname, cls.__name__))
        return
    for name in _test_methods(cls):
        case = cls(name)
        label = "%s (%s.%s)" % (name, modname, cls.__name__)
        result.testsRun += 1
        status = "ok"
        try:
            case.setUp()
            try:
                getattr(case, name)()
                if case._subfailures:
                    raise AssertionError("; ".join(case._subfailures))
            finally:
                case.tearDown()
        except SkipTest as e:
            status = "skipped " + repr(str(e))
            result.skipped.append((label, str(e)))
        except AssertionError as e:
            status = "FAIL"
            result.failures.append((label, str(e)))
        except Exception as e:
            status = "ERROR"
            result.errors.append((label, "%s: %s" % (type(e).__name__, e)))
            sys.print_exception(e)
        print("%s ... %s" % (label, status))
    try:
        cls.tearDownClass()
    except Exception as e:
        result.errors.append(("tearDownClass (%s.%s)" % (modname, cls.__name__), repr(e)))


def run_module(module, modname=None):
    """Run every TestCase subclass found in module (a module or a dict of globals)."""
    members = module if isinstance(module, dict) else module.__dict__
    modname = modname or members.get("__name__", "__main__")
    result = TestResult()
    for name in sorted(members):
        obj = members[name]
        if isinstance(obj, type) and issubclass(obj, TestCase) and obj is not TestCase:
            _run_case(obj, modname, result)
    for label, why in result.failures + result.errors:
        print("=" * 70)
        print("FAIL/ERROR:", label)
        print(why)
    print("-" * 70)
    print("Ran %d tests" % result.testsRun)
    print()
    if result.wasSuccessful():
        print("OK" + (" (skipped=%d)" % len(result.skipped) if result.skipped else ""))
    else:
        parts = []
        if result.failures:
            parts.append("failures=%d" % len(result.failures))
        if result.errors:
            parts.append("errors=%d" % len(result.errors))
        if result.skipped:
            parts.append("skipped=%d" % len(result.skipped))
        print("FAILED (%s)" % ", ".join(parts))
    return result


def main(module="__main__"):
    if isinstance(module, str):
        module = sys.modules.get(module) or __import__(module)
    return run_module(module)
