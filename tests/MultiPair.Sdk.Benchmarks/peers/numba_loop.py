"""The default `multipair backtest` (EMA cross 12/26, long-only, 10 pairs, shared capital) as one numba @njit loop.

Same semantics as pandas_loop.py (docs/backtesting.md), but the whole bar loop — the SMA-seeded EMAs, the cross,
fills at the next open, exits at closes, the ranked entries, sizing and the risk chain — runs compiled over numpy
arrays with per-pair state arrays. Money is float64. Usage: /usr/bin/python3 numba_loop.py [dotnet-result.json]
The first call compiles (reported as `compile_s`); `loop_s` is a second, compiled call.
"""
import json
import sys
import time

T0 = time.perf_counter()
import numpy as np  # noqa: E402
from numba import njit  # noqa: E402

from common import (BUDGET_PERCENT, CAPITAL, DAILY_LOSS_PERCENT, DAY_MS, FAST, FEE_RATE, FEE_RESERVE_PERCENT,  # noqa: E402
                    HOUR_MS, MAX_POSITIONS, MIN_NOTIONAL, SLOW, STOP_PERCENT, TAKE_PROFIT_PERCENT, emit, pair_files)

NONE, OPEN, CLOSE = 0, 1, 2


def load():
    pairs = pair_files()
    times, pids, opens, closes = [], [], [], []
    for idx, (_, path) in enumerate(pairs):
        with open(path) as f:
            a = np.array(json.load(f), dtype=np.float64)
        times.append(a[:, 0].astype(np.int64))
        pids.append(np.full(len(a), idx, dtype=np.int64))
        opens.append(a[:, 1])
        closes.append(a[:, 4])
    t, p = np.concatenate(times), np.concatenate(pids)
    order = np.lexsort((p, t))  # by time, then canonical pair order
    return [x for x, _ in pairs], t[order], p[order], np.concatenate(opens)[order], np.concatenate(closes)[order]


@njit(cache=False)
def round8(x):
    return np.round(x * 1e8) / 1e8  # half-even, as decimal.Round(x, 8)


@njit(cache=False)
def snapshot(now, st, cash, held, qty, mark, okind, oqty, oprice, npairs):
    # st: [day, day_equity, reduce_only]; returns (equity, available)
    deployed = 0.0
    reserved = 0.0
    for j in range(npairs):
        if held[j]:
            deployed += qty[j] * mark[j]
        if okind[j] == OPEN:
            reserved += oqty[j] * oprice[j]
    equity = cash + deployed
    day = now // DAY_MS
    if st[0] < 0 or day > st[0]:
        st[0] = day
        st[1] = equity
    return equity, equity - deployed - reserved


@njit(cache=False)
def run(t, pid, op, cl, npairs, rank_key):
    n = len(t)
    kf, ks = 2.0 / (FAST + 1), 2.0 / (SLOW + 1)
    df, ds = 1.0 - kf, 1.0 - ks
    fast = np.zeros(npairs)
    slow = np.zeros(npairs)
    sumf = np.zeros(npairs)
    sums = np.zeros(npairs)
    count = np.zeros(npairs, dtype=np.int64)
    prev = np.full(npairs, np.nan)
    mark = np.zeros(npairs)
    held = np.zeros(npairs, dtype=np.bool_)
    qty = np.zeros(npairs)
    entry = np.zeros(npairs)
    etime = np.zeros(npairs, dtype=np.int64)
    stop = np.zeros(npairs)
    tp = np.zeros(npairs)
    closing = np.zeros(npairs, dtype=np.bool_)
    okind = np.zeros(npairs, dtype=np.int64)
    oqty = np.zeros(npairs)
    oprice = np.zeros(npairs)
    sig_pid = np.zeros(npairs, dtype=np.int64)
    sig_kind = np.zeros(npairs, dtype=np.int64)   # OPEN = long entry, CLOSE = exit
    sig_conf = np.zeros(npairs)
    ent = np.zeros(npairs, dtype=np.int64)
    cap = np.zeros(npairs)
    tr_pid = np.zeros(n, dtype=np.int64)
    tr_et = np.zeros(n, dtype=np.int64)
    tr_ep = np.zeros(n)
    tr_xt = np.zeros(n, dtype=np.int64)
    tr_xp = np.zeros(n)
    tr_q = np.zeros(n)
    ntr = 0
    cash = CAPITAL
    st = np.array([-1.0, 0.0, 0.0])
    now = 0
    g = 0
    while g < n:
        tg = t[g]
        e = g
        while e < n and t[e] == tg:
            e += 1
        # (1) fills at the open of tg, in pair order
        for r in range(g, e):
            p = pid[r]
            k = okind[p]
            if k == NONE:
                continue
            q = oqty[p]
            price = op[r]
            fee = round8(q * price * FEE_RATE)
            okind[p] = NONE
            if k == OPEN:
                cash -= q * price + fee
                held[p] = True
                qty[p] = q
                entry[p] = price
                etime[p] = tg
                closing[p] = False
                stop[p] = price * (1.0 - STOP_PERCENT / 100.0)
                tp[p] = price * (1.0 + TAKE_PROFIT_PERCENT / 100.0)
            else:
                cash += qty[p] * price - fee
                held[p] = False
                tr_pid[ntr], tr_et[ntr], tr_ep[ntr], tr_xt[ntr], tr_xp[ntr], tr_q[ntr] = p, etime[p], entry[p], tg, price, qty[p]
                ntr += 1
        # (2) the close: marks, EMAs and crosses, one decision after the last pair, exits at the close
        now = tg + HOUR_MS
        nsig = 0
        for r in range(g, e):
            p = pid[r]
            c = cl[r]
            mark[p] = c
            count[p] += 1
            if count[p] <= FAST:
                sumf[p] += c
                if count[p] == FAST:
                    fast[p] = sumf[p] / FAST
            else:
                fast[p] = fast[p] * df + kf * c
            if count[p] <= SLOW:
                sums[p] += c
                if count[p] == SLOW:
                    slow[p] = sums[p] / SLOW
            else:
                slow[p] = slow[p] * ds + ks * c
            if count[p] >= SLOW:
                spread = fast[p] - slow[p]
                pv = prev[p]
                prev[p] = spread
                if not np.isnan(pv):
                    if pv <= 0 and spread > 0 and not held[p]:
                        sig_pid[nsig], sig_kind[nsig] = p, OPEN
                        sig_conf[nsig] = 0.5 + min(0.5, 25 * abs(spread) / slow[p])
                        nsig += 1
                    elif pv >= 0 and spread < 0 and held[p]:
                        sig_pid[nsig], sig_kind[nsig], sig_conf[nsig] = p, CLOSE, 1.0
                        nsig += 1
            if r == e - 1 and nsig > 0:
                snapshot(now, st, cash, held, qty, mark, okind, oqty, oprice, npairs)
                for s in range(nsig):                     # exits first
                    x = sig_pid[s]
                    if sig_kind[s] == CLOSE and held[x]:
                        snapshot(now, st, cash, held, qty, mark, okind, oqty, oprice, npairs)
                        if okind[x] == NONE:
                            okind[x], oqty[x], oprice[x] = CLOSE, qty[x], mark[x]
                nent = 0                                   # entries, ranked (insertion sort)
                for s in range(nsig):
                    x = sig_pid[s]
                    if sig_kind[s] != OPEN or held[x] or okind[x] != NONE:
                        continue
                    j = nent
                    while j > 0 and (sig_conf[ent[j - 1]] < sig_conf[s] or
                                     (sig_conf[ent[j - 1]] == sig_conf[s] and rank_key[sig_pid[ent[j - 1]]] > rank_key[x])):
                        ent[j] = ent[j - 1]
                        j -= 1
                    ent[j] = s
                    nent += 1
                if nent > 0:
                    equity, available = snapshot(now, st, cash, held, qty, mark, okind, oqty, oprice, npairs)
                    npos = 0
                    nopen = 0
                    for j in range(npairs):
                        npos += held[j]
                        nopen += okind[j] == OPEN
                    slots = max(0, MAX_POSITIONS - npos - nopen)
                    for j in range(nent):
                        cap[j] = 0.0
                    if slots > 0 and available > 0:
                        each = equity * BUDGET_PERCENT / 100.0
                        remaining = available
                        funded = 0
                        for j in range(min(slots, nent)):
                            if funded >= slots or remaining <= 0:
                                break
                            cj = np.floor(min(each, remaining) * 1e8) / 1e8
                            if cj <= 0 or cj < MIN_NOTIONAL:
                                continue
                            cap[j] = cj
                            funded += 1
                            remaining -= cj
                    for j in range(nent):
                        if cap[j] <= 0:
                            continue
                        x = sig_pid[ent[j]]
                        price = mark[x]
                        q = cap[j] / price
                        equity, available = snapshot(now, st, cash, held, qty, mark, okind, oqty, oprice, npairs)
                        if st[2] != 0:
                            continue
                        npos = 0
                        nopen = 0
                        for i in range(npairs):
                            npos += held[i]
                            nopen += okind[i] == OPEN
                        if npos + nopen >= MAX_POSITIONS:
                            continue
                        limit = BUDGET_PERCENT * equity / 100.0 if equity > 0 else 0.0
                        allowed = limit / price if limit > 0 else 0.0
                        if allowed < q:
                            if allowed <= 0:
                                continue
                            q = allowed
                        change = (equity - st[1]) * 100.0 / st[1] if st[1] > 0 else 0.0
                        if not change > -DAILY_LOSS_PERCENT:
                            st[2] = 1.0
                            continue
                        allowed = available / (price + price * FEE_RESERVE_PERCENT / 100.0)
                        if allowed < q:
                            if allowed <= 0:
                                continue
                            q = allowed
                        okind[x], oqty[x], oprice[x] = OPEN, q, price
            if held[p] and not closing[p] and (c <= stop[p] or c >= tp[p]):
                snapshot(now, st, cash, held, qty, mark, okind, oqty, oprice, npairs)
                if okind[p] == NONE:
                    okind[p], oqty[p], oprice[p] = CLOSE, qty[p], mark[p]
                    closing[p] = True
        g = e
    for p in range(npairs):                                   # the end: close at the last close, taker fee
        if held[p]:
            fee = round8(qty[p] * mark[p] * FEE_RATE)
            cash += qty[p] * mark[p] - fee
            tr_pid[ntr], tr_et[ntr], tr_ep[ntr], tr_xt[ntr], tr_xp[ntr], tr_q[ntr] = p, etime[p], entry[p], now, mark[p], qty[p]
            ntr += 1
    return tr_pid[:ntr], tr_et[:ntr], tr_ep[:ntr], tr_xt[:ntr], tr_xp[:ntr], tr_q[:ntr], cash


def main():
    pairs, t, pid, op, cl = load()
    rank_key = np.argsort(np.argsort(np.array([p.encode() for p in pairs], dtype=object))).astype(np.int64)
    t1 = time.perf_counter()
    run(t, pid, op, cl, len(pairs), rank_key)          # compiles
    t2 = time.perf_counter()
    out = run(t, pid, op, cl, len(pairs), rank_key)
    t3 = time.perf_counter()
    trades = [(pairs[a], int(b), float(c), int(d), float(e), float(f)) for a, b, c, d, e, f in zip(*out[:6])]
    emit("numba @njit loop", t3 - T0, t3 - t2, len(t), trades, float(out[6]), sys.argv[1] if len(sys.argv) > 1 else None)
    print(json.dumps({"impl": "numba @njit loop", "compile_s": t2 - t1}), file=sys.stderr)


if __name__ == "__main__":
    main()
