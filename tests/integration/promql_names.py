"""Which metric names and label names a PromQL expression uses.

A small tokenizer and walker, enough for dashboards: string literals, range and
subquery brackets ([5m], [$__rate_interval]), durations (offset 5m) and Grafana
variables are skipped;
an identifier followed by "(" is a function or an aggregation; identifiers inside
{...} are label names of the selector's metric; the parenthesised lists after by,
without, on, ignoring, group_left and group_right are label names; keywords and
numbers are neither. Everything else is a metric name."""
import re

AGGREGATIONS = {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
                "quantile", "limitk", "limit_ratio"}
FUNCTIONS = {"abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min",
             "day_of_month", "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp", "floor",
             "histogram_avg", "histogram_count", "histogram_fraction", "histogram_quantile", "histogram_stddev",
             "histogram_stdvar", "histogram_sum", "holt_winters", "hour", "idelta", "increase", "irate",
             "label_join", "label_replace", "ln", "log2", "log10", "minute", "month", "predict_linear", "rate",
             "resets", "round", "scalar", "sgn", "sort", "sort_desc", "sqrt", "time", "timestamp", "vector", "year",
             "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
             "quantile_over_time", "stddev_over_time", "stdvar_over_time", "last_over_time", "present_over_time",
             # Grafana's template query functions
             "label_values", "metrics", "query_result"}
LABEL_LIST_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right"}
KEYWORDS = {"and", "or", "unless", "offset", "bool", "atan2", "inf", "nan"} | LABEL_LIST_KEYWORDS

_TOKEN = re.compile(r'''
    (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)
  | (?P<range>\[[^\]]*\])
  | (?P<variable>\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*)
  | (?P<duration>(?:\d+(?:ms|s|m|h|d|w|y))+(?![A-Za-z0-9_:]))
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<ident>[A-Za-z_:][A-Za-z0-9_:]*)
  | (?P<op>=~|!~|!=|==|>=|<=|[-+*/%^<>=(),{}])
  | (?P<space>\s+)
''', re.VERBOSE)


def tokens(expr):
    pos = 0
    out = []
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m:
            raise ValueError(f"cannot read PromQL at {expr[pos:pos + 20]!r} in {expr!r}")
        kind = m.lastgroup
        if kind != "space":
            out.append((kind, m.group()))
        pos = m.end()
    return out


class Names:
    def __init__(self):
        self.metrics = set()
        self.functions = set()
        self.selector_labels = {}  # metric -> label names used in its selector
        self.grouping_labels = set()  # labels named in by/without/on/ignoring/group_*


def names(expr):
    """Names(metrics, functions, selector_labels, grouping_labels) of one expression.
    Raises ValueError for an unknown function or an unbalanced expression."""
    out = Names()
    toks = tokens(expr)
    i = 0
    last_metric = None
    while i < len(toks):
        kind, text = toks[i]
        nxt = toks[i + 1][1] if i + 1 < len(toks) else None
        if kind == "ident" and text in LABEL_LIST_KEYWORDS:
            if nxt == "(":
                j = i + 2
                while toks[j][1] != ")":
                    if toks[j][0] == "ident":
                        out.grouping_labels.add(toks[j][1])
                    j += 1
                i = j + 1
                continue
            i += 1
            continue
        if kind == "ident" and text in KEYWORDS:
            i += 1
            continue
        if kind == "ident" and (nxt == "(" or (text in AGGREGATIONS and nxt in LABEL_LIST_KEYWORDS)):
            if text not in FUNCTIONS and text not in AGGREGATIONS:
                raise ValueError(f"unknown PromQL function {text!r} in {expr!r}")
            out.functions.add(text)
            i += 1
            continue
        if kind == "ident":
            out.metrics.add(text)
            last_metric = text
            i += 1
            continue
        if text == "{":
            j = i + 1
            while toks[j][1] != "}":
                if toks[j][0] == "ident" and toks[j + 1][1] in ("=", "!=", "=~", "!~"):
                    out.selector_labels.setdefault(last_metric, set()).add(toks[j][1])
                    j += 2
                    continue
                j += 1
            i = j + 1
            continue
        i += 1
    depth = 0
    for _, text in toks:
        depth += {"(": 1, ")": -1}.get(text, 0)
        if depth < 0:
            raise ValueError(f"unbalanced parentheses in {expr!r}")
    if depth != 0:
        raise ValueError(f"unbalanced parentheses in {expr!r}")
    return out


def dashboard_expressions(dashboard):
    """Every PromQL expression of a Grafana dashboard: panel targets (rows included)
    and query variables."""
    out = []

    def walk(panels):
        for p in panels:
            for t in p.get("targets", []):
                if t.get("expr"):
                    out.append((p.get("title", ""), t["expr"]))
            walk(p.get("panels", []))

    walk(dashboard.get("panels", []))
    for var in dashboard.get("templating", {}).get("list", []):
        if var.get("type") == "query":
            q = var.get("query")
            out.append((f"variable {var['name']}", q["query"] if isinstance(q, dict) else q))
    return out


_SELECTOR = re.compile(r'^([A-Za-z_:][A-Za-z0-9_:]*)\s*(?:\{(.*)\})?$', re.S)
_MATCHER = re.compile(r'\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)')
_AGGREGATE = re.compile(r'^(sum|max|min)\s+by\s*\(([^)]*)\)\s*\((.*)\)$', re.S)


def _substitute(text, variables):
    def one(m):
        name = m.group(1) or m.group(2)
        if name not in variables:
            raise ValueError(f"no value for Grafana variable {name!r}")
        return variables[name]
    return re.sub(r'\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)', one, text)


def select(selector, samples, variables):
    """The series of `samples` ({(name, frozenset of (label, value)): value}, as
    admin_http.parse_metrics gives) that a selector `metric{label=~"re",...}` picks,
    as {frozenset of labels: value}. Grafana variables are replaced by `variables`
    first; a label a series lacks matches as "", as in Prometheus."""
    m = _SELECTOR.match(selector.strip())
    if not m:
        raise ValueError(f"not a plain selector: {selector!r}")
    metric, body = m.group(1), m.group(2) or ""
    matchers = []
    pos = 0
    while body[pos:].strip():
        mm = _MATCHER.match(body, pos)
        if not mm:
            raise ValueError(f"cannot read the matchers of {selector!r}")
        matchers.append((mm.group(1), mm.group(2), _substitute(mm.group(3), variables)))
        pos = mm.end()

    def matches(labels):
        have = dict(labels)
        for label, op, want in matchers:
            got = have.get(label, "")
            ok = {"=": got == want, "!=": got != want, "=~": re.fullmatch(want, got) is not None,
                  "!~": re.fullmatch(want, got) is None}[op]
            if not ok:
                return False
        return True

    return {labels: v for (name, labels), v in samples.items() if name == metric and matches(labels)}


def evaluate(expr, samples, variables):
    """Evaluates the instant-vector shapes that the dashboard's gauge panels use -
    `metric{...}` and `sum|max|min by (labels) (metric{...})` - over one scrape.
    Returns {frozenset of (label, value): value}. Other shapes raise ValueError."""
    m = _AGGREGATE.match(expr.strip())
    if not m:
        return select(expr, samples, variables)
    op, by, inner = m.group(1), [x.strip() for x in m.group(2).split(",") if x.strip()], m.group(3)
    groups = {}
    for labels, v in select(inner, samples, variables).items():
        have = dict(labels)
        key = frozenset((label, have[label]) for label in by if label in have)
        groups.setdefault(key, []).append(v)
    combine = {"sum": sum, "max": max, "min": min}[op]
    return {key: combine(vs) for key, vs in groups.items()}


def label_values(query, samples, variables):
    """Grafana's `label_values(selector, label)` over one scrape: the label's values."""
    m = re.fullmatch(r'\s*label_values\((.*),\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*', query, re.S)
    if not m:
        raise ValueError(f"not a label_values query: {query!r}")
    return {dict(labels).get(m.group(2)) for labels in select(m.group(1), samples, variables)} - {None}
