"""Shared helpers of the peer comparison: data loading, the .NET trade list, trade comparison, result output.

Semantics re-implemented by pandas_loop.py and numba_loop.py: docs/backtesting.md (the default `multipair backtest`).
"""
import json
import os
import sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DATA = os.path.join(ROOT, "samples", "MultiPair.Cli", "data", "binance-1h")
HOUR_MS = 3_600_000
DAY_MS = 86_400_000

# The CLI defaults (samples/MultiPair.Cli/BacktestSettings.cs).
CAPITAL = 10_000.0
MAX_POSITIONS = 5
BUDGET_PERCENT = 100.0 / MAX_POSITIONS      # EqualWeight budget and MaxPositionSizeRule: 20 % of equity
FEE_RATE = 10.0 / 10_000.0                  # 10 bps taker, in quote, on the notional
FEE_RESERVE_PERCENT = 10.0 / 100.0          # RiskGateOptions.FeeReservePercent = FeeBps / 100
STOP_PERCENT = 1.5
TAKE_PROFIT_PERCENT = 6.0
DAILY_LOSS_PERCENT = 5.0
MIN_NOTIONAL = 10.0                         # CoordinatorOptions.MinimumNotional
FAST, SLOW = 12, 26


def pair_files(data=DATA):
    """(pair, path) in canonical (ordinal) pair-name order, as the .NET merger orders a bar time."""
    out = []
    for name in os.listdir(data):
        if name.endswith("-1h.json"):
            out.append((name[: -len("-1h.json")].replace("_", "/"), os.path.join(data, name)))
    out.sort(key=lambda x: x[0].encode())
    return out


def iso_ms(text):
    return int(datetime.fromisoformat(text).astimezone(timezone.utc).timestamp() * 1000)


def ms_iso(ms):
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def load_dotnet_trades(path):
    """(pair, entry_ms, entry_price, exit_ms, exit_price, quantity) of a `multipair backtest --out` file."""
    with open(path) as f:
        doc = json.load(f)
    trades = [(t["pair"], iso_ms(t["entryTime"]), float(t["entryPrice"]), iso_ms(t["exitTime"]), float(t["exitPrice"]),
               float(t["quantity"])) for t in doc["trades"]]
    return trades, float(doc["summary"]["totalCapital"])


def _close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(abs(a), abs(b))


def compare(ours, reference):
    """('yes' | 'no: …', quantities_agree). Same count, pair, entry/exit times and prices to 1e-9 relative."""
    a = sorted(ours, key=lambda t: (t[1], t[0], t[3]))
    b = sorted(reference, key=lambda t: (t[1], t[0], t[3]))
    for i, (x, y) in enumerate(zip(a, b)):
        if x[0] != y[0] or x[1] != y[1] or x[3] != y[3] or not _close(x[2], y[2]) or not _close(x[4], y[4]):
            return f"no: trade {i} differs: ours {fmt(x)} vs .NET {fmt(y)}", False
    if len(a) != len(b):
        return f"no: {len(a)} trades vs {len(b)} (.NET); the first {min(len(a), len(b))} agree", False
    qty = all(_close(x[5], y[5]) for x, y in zip(a, b))
    return "yes", qty


def fmt(t):
    return f"{t[0]} {ms_iso(t[1])}@{t[2]:.10g} -> {ms_iso(t[3])}@{t[4]:.10g} q={t[5]:.10g}"


def emit(name, wall_s, loop_s, bars, trades, equity, reference_path):
    """Prints one JSON line the run script collects."""
    agree, qty = ("n/a", False)
    if reference_path and os.path.exists(reference_path):
        ref, ref_equity = load_dotnet_trades(reference_path)
        agree, qty = compare(trades, ref)
    print(json.dumps({"impl": name, "wall_s": wall_s, "loop_s": loop_s, "bars": bars, "trades": len(trades),
                      "final_equity": equity, "agree": agree, "quantities_agree": qty}))
    sys.stdout.flush()
