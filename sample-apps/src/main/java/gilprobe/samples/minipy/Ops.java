package gilprobe.samples.minipy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Python semantics of operators and conversions. Each operator has an int fast path the JIT
 * inlines into the dispatch loop, and a slow path for everything else.
 *
 * <p>Integers are 64-bit: a result outside {@code long} raises OverflowError (minipy has no
 * bignum fallback). {@code //} and {@code %} round toward negative infinity, as in Python.
 */
final class Ops {
    private Ops() {}

    // ---- arithmetic ---------------------------------------------------------------------

    static Object add(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            long r = x + y;
            if (((x ^ r) & (y ^ r)) < 0) throw PyError.overflow();
            return r;
        }
        if (a instanceof String s && b instanceof String t) return s.concat(t);
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) return asDouble(a) + asDouble(b);
            return add(asLong(a), asLong(b));
        }
        if (a instanceof PyList x && b instanceof PyList y) {
            List<Object> all = x.snapshot();
            all.addAll(y.snapshot());
            return new PyList(all);
        }
        if (a instanceof PyTuple x && b instanceof PyTuple y) {
            Object[] all = new Object[x.size() + y.size()];
            System.arraycopy(x.toArray(), 0, all, 0, x.size());
            System.arraycopy(y.toArray(), 0, all, x.size(), y.size());
            return new PyTuple(all);
        }
        if (a instanceof String) {
            throw PyError.type("can only concatenate str (not \"" + Py.typeName(b) + "\") to str");
        }
        throw unsupported("+", a, b);
    }

    static Object subtract(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            long r = x - y;
            if (((x ^ y) & (x ^ r)) < 0) throw PyError.overflow();
            return r;
        }
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) return asDouble(a) - asDouble(b);
            return subtract(asLong(a), asLong(b));
        }
        throw unsupported("-", a, b);
    }

    static Object multiply(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            long hi = Math.multiplyHigh(x, y);
            long lo = x * y;
            if (hi != (lo >> 63)) throw PyError.overflow();
            return lo;
        }
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) return asDouble(a) * asDouble(b);
            return multiply(asLong(a), asLong(b));
        }
        if (a instanceof String s && isInt(b)) return s.repeat((int) Math.max(0, Math.min(asLong(b), Integer.MAX_VALUE)));
        if (isInt(a) && b instanceof String s) return multiply(b, a);
        throw unsupported("*", a, b);
    }

    static Object trueDivide(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            double y = asDouble(b);
            if (y == 0) throw PyError.zeroDivision("division by zero");
            return asDouble(a) / y;
        }
        throw unsupported("/", a, b);
    }

    static Object floorDivide(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) {
                double x = asDouble(a);
                double y = asDouble(b);
                if (y == 0) throw PyError.zeroDivision("float floor division by zero");
                return floatFloorDiv(x, y);
            }
            long x = asLong(a);
            long y = asLong(b);
            if (y == 0) throw PyError.zeroDivision("integer division or modulo by zero");
            if (x == Long.MIN_VALUE && y == -1) throw PyError.overflow();
            return Math.floorDiv(x, y);
        }
        throw unsupported("//", a, b);
    }

    static Object modulo(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) {
                double y = asDouble(b);
                if (y == 0) throw PyError.zeroDivision("float modulo");
                return floatMod(asDouble(a), y);
            }
            long y = asLong(b);
            if (y == 0) throw PyError.zeroDivision("integer division or modulo by zero");
            return Math.floorMod(asLong(a), y);
        }
        throw unsupported("%", a, b);
    }

    /** Python's float_floor_div: floor of the exact quotient, consistent with {@link #floatMod}. */
    private static double floatFloorDiv(double x, double y) {
        double mod = x % y;
        double div = (x - mod) / y;
        if (mod != 0 && ((y < 0) != (mod < 0))) div -= 1.0;
        if (div == 0) return Math.copySign(0.0, x / y);
        double floor = Math.floor(div);
        if (div - floor > 0.5) floor += 1.0;
        return floor;
    }

    private static double floatMod(double x, double y) {
        double mod = x % y;
        if (mod != 0) {
            if ((y < 0) != (mod < 0)) mod += y;
        } else {
            mod = Math.copySign(0.0, y);
        }
        return mod;
    }

    static Object negate(Object a) {
        if (a instanceof Long x) {
            if (x == Long.MIN_VALUE) throw PyError.overflow();
            return -x;
        }
        if (a instanceof Double d) return -d;
        if (a instanceof Boolean) return -asLong(a);
        throw PyError.type("bad operand type for unary -: '" + Py.typeName(a) + "'");
    }

    private static PyError unsupported(String op, Object a, Object b) {
        return PyError.type("unsupported operand type(s) for " + op + ": '" + Py.typeName(a) + "' and '" + Py.typeName(b) + "'");
    }

    // ---- comparison ---------------------------------------------------------------------

    static boolean lessThan(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) return x < y;
        return order(a, b, "<") < 0;
    }

    static boolean lessEqual(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) return x <= y;
        return order(a, b, "<=") <= 0;
    }

    static boolean greaterThan(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) return x > y;
        return order(a, b, ">") > 0;
    }

    static boolean greaterEqual(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) return x >= y;
        return order(a, b, ">=") >= 0;
    }

    private static final int UNORDERED = Integer.MIN_VALUE;

    /**
     * Sign of a - b. With a float NaN every comparison is false: the result is then 1 for
     * {@code <} and {@code <=}, and {@link #UNORDERED} (negative) for {@code >} and {@code >=}.
     */
    private static int order(Object a, Object b, String op) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) {
                double x = asDouble(a);
                double y = asDouble(b);
                if (Double.isNaN(x) || Double.isNaN(y)) return op.equals("<") || op.equals("<=") ? 1 : UNORDERED;
                return x < y ? -1 : (x > y ? 1 : 0);
            }
            return Long.compare(asLong(a), asLong(b));
        }
        if (a instanceof String s && b instanceof String t) return s.compareTo(t);
        throw PyError.type("'" + op + "' not supported between instances of '" + Py.typeName(a) + "' and '" + Py.typeName(b) + "'");
    }

    static boolean equal(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) return x.longValue() == y.longValue();
        if (a == b) return !(a instanceof Double d && d.isNaN());
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) return asDouble(a) == asDouble(b);
            return asLong(a) == asLong(b);
        }
        if (a instanceof String s && b instanceof String t) return s.equals(t);
        if (a instanceof PyList x && b instanceof PyList y) return equalItems(x.snapshot(), y.snapshot());
        if (a instanceof PyTuple x && b instanceof PyTuple y) return equalItems(x.asList(), y.asList());
        return false;
    }

    private static boolean equalItems(List<Object> x, List<Object> y) {
        if (x.size() != y.size()) return false;
        for (int i = 0; i < x.size(); i++) {
            if (!equal(x.get(i), y.get(i))) return false;
        }
        return true;
    }

    static boolean isTrue(Object o) {
        if (o instanceof Boolean b) return b;
        if (o instanceof Long l) return l != 0;
        if (o == Py.NONE) return false;
        if (o instanceof Double d) return d != 0;
        if (o instanceof String s) return !s.isEmpty();
        if (o instanceof PyList l) return l.size() > 0;
        if (o instanceof PyTuple t) return t.size() > 0;
        return true;
    }

    // ---- containers and attributes --------------------------------------------------------

    static Object getItem(Object container, Object index) {
        if (container instanceof PyList l) {
            synchronized (l) {
                return l.get(position(index, l.size(), "list"));
            }
        }
        if (container instanceof PyTuple t) return t.get(position(index, t.size(), "tuple"));
        if (container instanceof String s) {
            int i = position(index, s.length(), "string");
            return s.substring(i, i + 1);
        }
        throw PyError.type("'" + Py.typeName(container) + "' object is not subscriptable");
    }

    static void setItem(Object container, Object index, Object value) {
        if (container instanceof PyList l) {
            synchronized (l) {
                l.set(position(index, l.size(), "list assignment"), value);
            }
            return;
        }
        throw PyError.type("'" + Py.typeName(container) + "' object does not support item assignment");
    }

    private static int position(Object index, int size, String what) {
        if (!isInt(index)) {
            throw PyError.type(what.split(" ")[0] + " indices must be integers, not " + Py.typeName(index));
        }
        long i = asLong(index);
        if (i < 0) i += size;
        if (i < 0 || i >= size) throw PyError.of("IndexError", what + " index out of range");
        return (int) i;
    }

    static Object getAttribute(Object o, String name) {
        Object v = o instanceof HasAttributes h ? h.getAttribute(name) : null;
        if (v != null) return v;
        if (o instanceof PyModule m) throw PyError.of("AttributeError", "module '" + m.name() + "' has no attribute '" + name + "'");
        throw PyError.of("AttributeError", "'" + Py.typeName(o) + "' object has no attribute '" + name + "'");
    }

    static int length(Object o) {
        if (o instanceof String s) return s.length();
        if (o instanceof PyList l) return l.size();
        if (o instanceof PyTuple t) return t.size();
        throw PyError.type("object of type '" + Py.typeName(o) + "' has no len()");
    }

    // ---- conversions ----------------------------------------------------------------------

    static boolean isInt(Object o) {
        return o instanceof Long || o instanceof Boolean;
    }

    static boolean isNumber(Object o) {
        return o instanceof Long || o instanceof Double || o instanceof Boolean;
    }

    static long asLong(Object o) {
        if (o instanceof Long l) return l;
        return ((Boolean) o) ? 1 : 0;
    }

    static double asDouble(Object o) {
        if (o instanceof Double d) return d;
        return asLong(o);
    }

    /** Python's {@code int(x)}. */
    static long toInt(Object o) {
        if (isInt(o)) return asLong(o);
        if (o instanceof Double d) {
            if (d.isNaN()) throw PyError.value("cannot convert float NaN to integer");
            if (d.isInfinite()) throw PyError.of("OverflowError", "cannot convert float infinity to integer");
            if (d >= 0x1p63 || d < -0x1p63) throw PyError.overflow();
            return (long) (double) d;
        }
        if (o instanceof String s) {
            String t = s.strip();
            if (!t.matches("[+-]?[0-9]+(_[0-9]+)*")) {
                throw PyError.value("invalid literal for int() with base 10: " + repr(s));
            }
            try {
                return Long.parseLong(t.replace("_", ""));
            } catch (NumberFormatException e) {
                throw PyError.overflow();
            }
        }
        throw PyError.type("int() argument must be a string or a number, not '" + Py.typeName(o) + "'");
    }

    /** Python's {@code float(x)}. */
    static double toFloat(Object o) {
        if (isNumber(o)) return asDouble(o);
        if (o instanceof String s) {
            String t = s.strip().toLowerCase();
            if (t.equals("inf") || t.equals("+inf") || t.equals("infinity")) return Double.POSITIVE_INFINITY;
            if (t.equals("-inf") || t.equals("-infinity")) return Double.NEGATIVE_INFINITY;
            if (t.equals("nan")) return Double.NaN;
            if (t.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?")) return Double.parseDouble(t);
            throw PyError.value("could not convert string to float: " + repr(s));
        }
        throw PyError.type("float() argument must be a string or a number, not '" + Py.typeName(o) + "'");
    }

    /** Python's {@code round(x)} (to an int, half to even) and {@code round(x, digits)}. */
    static Object round(Object x, Object digits) {
        if (!isNumber(x)) throw PyError.type("type " + Py.typeName(x) + " doesn't define __round__ method");
        if (digits == Py.NONE) {
            if (isInt(x)) return asLong(x);
            return toInt(Math.rint(asDouble(x)));
        }
        if (!isInt(digits)) throw PyError.type("'" + Py.typeName(digits) + "' object cannot be interpreted as an integer");
        int n = (int) Math.max(-400, Math.min(400, asLong(digits)));
        if (isInt(x)) {
            if (n >= 0) return asLong(x);
            BigDecimal r = BigDecimal.valueOf(asLong(x)).setScale(n, RoundingMode.HALF_EVEN);
            return r.longValue();
        }
        double d = asDouble(x);
        if (Double.isNaN(d) || Double.isInfinite(d)) return d;
        return new BigDecimal(d).setScale(n, RoundingMode.HALF_EVEN).doubleValue();
    }

    // ---- text -----------------------------------------------------------------------------

    /** Python's {@code str(x)}. */
    static String str(Object o) {
        if (o instanceof String s) return s;
        if (o instanceof Long l) return l.toString();
        if (o instanceof Boolean b) return b ? "True" : "False";
        if (o instanceof Double d) return floatRepr(d);
        return repr(o);
    }

    /** Python's {@code repr(x)}. */
    static String repr(Object o) {
        if (o instanceof String s) return quote(s);
        if (o instanceof PyList l) return joinRepr("[", l.snapshot(), "]");
        if (o instanceof PyTuple t) return t.size() == 1 ? "(" + repr(t.get(0)) + ",)" : joinRepr("(", t.asList(), ")");
        if (o instanceof Long || o instanceof Boolean || o instanceof Double) return str(o);
        return o.toString();
    }

    private static String joinRepr(String open, List<Object> items, String close) {
        StringBuilder sb = new StringBuilder(open);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(repr(items.get(i)));
        }
        return sb.append(close).toString();
    }

    private static String quote(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == q || c == '\\') sb.append('\\').append(c);
            else if (c == '\n') sb.append("\\n");
            else if (c == '\t') sb.append("\\t");
            else if (c == '\r') sb.append("\\r");
            else if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
            else sb.append(c);
        }
        return sb.append(q).toString();
    }

    /**
     * Python's float repr: the shortest digits that read back to the same double (as Java's
     * {@link Double#toString} finds them), positional for 1e-4 <= |d| < 1e16, else
     * {@code 1.5e+16} style.
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-4 && abs < 1e16) {
            String plain = exact.toPlainString();
            return plain.indexOf('.') >= 0 ? plain : plain + ".0";
        }
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder sb = new StringBuilder();
        if (d < 0) sb.append('-');
        sb.append(digits.charAt(0));
        if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (e < 10) sb.append('0');
        return sb.append(e).toString();
    }
}
