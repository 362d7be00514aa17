"""The default `multipair backtest` (EMA cross 12/26, long-only, 10 pairs, shared capital) as a pandas row loop.

freqtrade-style: indicators are computed on the DataFrame (pandas `ewm`, seeded with the SMA of the first N closes
so it is the same recursion as MultiPair's Ema), then a Python loop walks the merged bars in time order and runs the
portfolio: fills at the next open, exits at bar closes, ranked entries, equal-weight sizing and the risk chain.
Money is float64 (MultiPair books decimal). `loop_s` = indicators + merge + row loop (file reading excluded).
Usage: /usr/bin/python3 pandas_loop.py [dotnet-result.json]
"""
import json
import math
import sys
import time

T0 = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from common import (BUDGET_PERCENT, CAPITAL, DAILY_LOSS_PERCENT, DAY_MS, FAST, FEE_RATE, FEE_RESERVE_PERCENT,  # noqa: E402
                    HOUR_MS, MAX_POSITIONS, MIN_NOTIONAL, SLOW, STOP_PERCENT, TAKE_PROFIT_PERCENT, emit, pair_files)


def seeded_ema(close: pd.Series, n: int) -> pd.Series:
    """SMA of the first n closes, then ema·(1−k) + k·close: pandas ewm(adjust=False) on [sma, close[n:]…]."""
    out = pd.Series(np.nan, index=close.index)
    if len(close) < n:
        return out
    values = close.to_numpy()
    total = 0.0
    for v in values[:n]:  # sequential sum, as Ema.Warm does
        total += v
    seeded = pd.Series(np.concatenate(([total / n], values[n:])), index=close.index[n - 1:])
    out.iloc[n - 1:] = seeded.ewm(alpha=2.0 / (n + 1), adjust=False).mean().to_numpy()
    return out


def load():
    """Reads the freqtrade JSON files into one DataFrame per pair (not timed as the loop)."""
    frames = []
    pairs = pair_files()
    for idx, (pair, path) in enumerate(pairs):
        with open(path) as f:
            df = pd.DataFrame(json.load(f), columns=["time", "open", "high", "low", "close", "volume"])
        df["pid"] = idx
        frames.append(df)
    return [p for p, _ in pairs], frames


def indicators(frames):
    """populate_indicators, freqtrade-style: vectorized per pair, then the pairs merged in time order."""
    for df in frames:
        df["fast"] = seeded_ema(df["close"], FAST)
        df["slow"] = seeded_ema(df["close"], SLOW)
        spread = df["fast"] - df["slow"]
        prev = spread.shift(1)
        df["cross_up"] = (prev <= 0) & (spread > 0)
        df["cross_down"] = (prev >= 0) & (spread < 0)
        df["confidence"] = 0.5 + np.minimum(0.5, 25 * spread.abs() / df["slow"])
    return pd.concat(frames, ignore_index=True).sort_values(["time", "pid"], kind="stable").reset_index(drop=True)


class Portfolio:
    def __init__(self, pairs):
        self.pairs = pairs
        self.cash = CAPITAL
        self.mark = {}
        self.pos = {}        # pid -> dict(qty, entry, time, fees, stop, tp, closing)
        self.orders = {}     # pid -> dict(kind 'open'|'close', qty, price)   (at most one per pair)
        self.trades = []
        self.day = None
        self.day_equity = None
        self.reduce_only = False

    def equity(self):
        return self.cash + sum(p["qty"] * self.mark[i] for i, p in self.pos.items())

    def snapshot(self, now):
        """RiskGate.CreateSnapshot: the first snapshot of a UTC day fixes the day's start equity."""
        day = now // DAY_MS
        equity = self.equity()
        if self.day is None or day > self.day:
            self.day, self.day_equity = day, equity
        deployed = sum(p["qty"] * self.mark[i] for i, p in self.pos.items())
        reserved = sum(o["qty"] * o["price"] for o in self.orders.values() if o["kind"] == "open")
        return equity, equity - deployed - reserved

    def fill(self, pid, t, price):
        order = self.orders.pop(pid, None)
        if order is None:
            return
        qty = order["qty"]
        fee = round(qty * price * FEE_RATE, 8)
        if order["kind"] == "open":
            self.cash -= qty * price + fee
            self.pos[pid] = {"qty": qty, "entry": price, "time": t, "fees": fee, "closing": False,
                             "stop": price * (1.0 - STOP_PERCENT / 100.0), "tp": price * (1.0 + TAKE_PROFIT_PERCENT / 100.0)}
        else:
            self.book_close(pid, t, price, fee)

    def book_close(self, pid, t, price, fee):
        p = self.pos.pop(pid)
        self.cash += p["qty"] * price - fee
        self.trades.append((self.pairs[pid], p["time"], p["entry"], t, price, p["qty"]))

    def submit_close(self, pid, now):
        self.snapshot(now)
        if pid in self.orders:          # a close is already in flight: nothing left to close
            return False
        self.orders[pid] = {"kind": "close", "qty": self.pos[pid]["qty"], "price": self.mark[pid]}
        return True

    def submit_entry(self, pid, qty, price, now):
        equity, available = self.snapshot(now)
        if self.reduce_only:
            return
        opening = sum(1 for o in self.orders.values() if o["kind"] == "open")
        if len(self.pos) + opening >= MAX_POSITIONS:                                   # MaxPositionsRule
            return
        limit = BUDGET_PERCENT * equity / 100.0 if equity > 0 else 0.0                # MaxPositionSizeRule
        allowed = limit / price if limit > 0 else 0.0
        if allowed < qty:
            if allowed <= 0:
                return
            qty = allowed
        change = (equity - self.day_equity) * 100.0 / self.day_equity if self.day_equity > 0 else 0.0
        if not change > -DAILY_LOSS_PERCENT:                                           # DailyLossLimitRule
            self.reduce_only = True
            return
        allowed = available / (price + price * FEE_RESERVE_PERCENT / 100.0)            # capital with fee reserve
        if allowed < qty:
            if allowed <= 0:
                return
            qty = allowed
        self.orders[pid] = {"kind": "open", "qty": qty, "price": price}

    def decide(self, signals, now):
        """One bar close's signals together: exits, then entries ranked by confidence, then pair name."""
        if not signals:
            return
        self.snapshot(now)
        for pid, kind, _ in signals:
            if kind == "exit" and pid in self.pos:
                self.submit_close(pid, now)
        entries = sorted((s for s in signals if s[1] == "long"), key=lambda s: (-s[2], self.pairs[s[0]].encode()))
        entries = [s for s in entries if s[0] not in self.pos and s[0] not in self.orders]
        if not entries:
            return
        equity, available = self.snapshot(now)
        opening = sum(1 for o in self.orders.values() if o["kind"] == "open")
        slots = max(0, MAX_POSITIONS - len(self.pos) - opening)
        capital = {}
        if slots > 0 and available > 0:
            each = equity * BUDGET_PERCENT / 100.0
            remaining = available
            for pid, _, _ in entries[:slots]:
                if len(capital) >= slots or remaining <= 0:
                    break
                c = math.floor(min(each, remaining) * 1e8) / 1e8
                if c <= 0 or c < MIN_NOTIONAL:
                    continue
                capital[pid] = c
                remaining -= c
        for pid, _, _ in entries:
            if pid in capital:
                price = self.mark[pid]
                self.submit_entry(pid, capital[pid] / price, price, now)

    def check_exits(self, pid, close, now):
        p = self.pos.get(pid)
        if p is None or p["closing"]:
            return
        if close <= p["stop"] or close >= p["tp"]:
            if self.submit_close(pid, now):
                p["closing"] = True

    def finish(self, now):
        for pid in sorted(self.pos):
            price = self.mark[pid]
            self.book_close(pid, now, price, round(self.pos[pid]["qty"] * price * FEE_RATE, 8))


def run(pairs, bars):
    book = Portfolio(pairs)
    group = []

    def step(rows):
        t = rows[0].time
        for r in rows:                      # (1) fills at the open of T
            book.fill(r.pid, t, r.open)
        now = t + HOUR_MS                   # (2) the close: marks, signals, one decision, exits
        signals = []
        last = len(rows) - 1
        for i, r in enumerate(rows):
            book.mark[r.pid] = r.close
            if r.cross_up and r.pid not in book.pos:
                signals.append((r.pid, "long", r.confidence))
            elif r.cross_down and r.pid in book.pos:
                signals.append((r.pid, "exit", 1.0))
            if i == last:
                book.decide(signals, now)
            book.check_exits(r.pid, r.close, now)
        return now

    now = None
    for row in bars.itertuples(index=False):
        if group and row.time != group[0].time:
            now = step(group)
            group = []
        group.append(row)
    if group:
        now = step(group)
    book.finish(now)
    return book.trades, book.cash


def main():
    pairs, frames = load()
    t1 = time.perf_counter()
    bars = indicators(frames)
    trades, equity = run(pairs, bars)
    t2 = time.perf_counter()
    emit("pandas row loop", t2 - T0, t2 - t1, len(bars), trades, equity, sys.argv[1] if len(sys.argv) > 1 else None)


if __name__ == "__main__":
    main()
