// The default `multipair backtest` (EMA cross 12/26, long-only, 10 pairs, shared capital) as a Node.js loop over
// trading-signals' EMA. Same semantics as ../pandas_loop.py (docs/backtesting.md); money is a JS number (float64).
//
// trading-signals 8.3.0 seeds its EMA with the first price (result = p·k + p·(1−k)) and calls it stable after
// `interval` prices; MultiPair seeds with the SMA of the first N closes. With --seed=sma (default) we sum the first
// N closes ourselves and feed their mean as the EMA's first input, so every later update is the library's own
// p·k + prev·(1−k). --seed=native uses the library as it is (a different indicator: trades will not agree).
//
//   node loop.mjs [dotnet-result.json] [--seed=sma|native]
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { EMA } from 'trading-signals';

const T0 = performance.now();
const here = dirname(fileURLToPath(import.meta.url));
const DATA = join(here, '..', '..', '..', '..', 'samples', 'MultiPair.Cli', 'data', 'binance-1h');
const HOUR = 3_600_000, DAY = 86_400_000;
const CAPITAL = 10_000, MAX_POSITIONS = 5, BUDGET = 100 / MAX_POSITIONS, FEE_RATE = 10 / 10_000, FEE_RESERVE = 10 / 100;
const STOP = 1.5, TAKE = 6, DAILY_LOSS = 5, MIN_NOTIONAL = 10, FAST = 12, SLOW = 26;
const NONE = 0, OPEN = 1, CLOSE = 2;

const args = process.argv.slice(2);
const seed = (args.find(a => a.startsWith('--seed=')) ?? '--seed=sma').slice(7);
const reference = args.find(a => !a.startsWith('--'));
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// Load and merge: by time, then canonical (ordinal) pair name.
const files = readdirSync(DATA).filter(f => f.endsWith('-1h.json'))
  .map(f => ({ pair: f.slice(0, -8).replace('_', '/'), path: join(DATA, f) }))
  .sort((a, b) => cmp(a.pair, b.pair));
const pairs = files.map(f => f.pair);
const np = pairs.length;
const rows = [];
files.forEach((f, i) => { for (const c of JSON.parse(readFileSync(f.path, 'utf8'))) rows.push([c[0], i, c[1], c[4]]); });
rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
const n = rows.length;
const t = new Float64Array(n), pid = new Int32Array(n), op = new Float64Array(n), cl = new Float64Array(n);
rows.forEach((r, i) => { t[i] = r[0]; pid[i] = r[1]; op[i] = r[2]; cl[i] = r[3]; });

function round8(x) { // half-even to 8 decimals, as decimal.Round(x, 8)
  const y = x * 1e8, f = Math.floor(y), d = y - f;
  return (d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f) / 1e8;
}

function run() {
  const fast = [], slow = [];
  for (let p = 0; p < np; p++) { fast.push(new EMA(FAST)); slow.push(new EMA(SLOW)); }
  const sumf = new Float64Array(np), sums = new Float64Array(np), count = new Int32Array(np), prev = new Float64Array(np).fill(NaN);
  const mark = new Float64Array(np), held = new Uint8Array(np), qty = new Float64Array(np), entry = new Float64Array(np);
  const etime = new Float64Array(np), stop = new Float64Array(np), tp = new Float64Array(np), closing = new Uint8Array(np);
  const okind = new Int32Array(np), oqty = new Float64Array(np), oprice = new Float64Array(np);
  const trades = [];
  let cash = CAPITAL, day = -1, dayEquity = 0, reduceOnly = false, now = 0;

  const feed = (ema, sum, c, k, N) => { // returns the EMA value once MultiPair's Ema would be ready, else NaN
    if (seed === 'native') { ema.update(c); return k >= N - 1 ? ema.result : NaN; }
    if (k < N) { sum[0] += c; if (k < N - 1) return NaN; ema.update(sum[0] / N); return ema.result; }
    ema.update(c);
    return ema.result;
  };
  const snapshot = () => {
    let deployed = 0, reserved = 0;
    for (let j = 0; j < np; j++) {
      if (held[j]) deployed += qty[j] * mark[j];
      if (okind[j] === OPEN) reserved += oqty[j] * oprice[j];
    }
    const equity = cash + deployed, d = Math.floor(now / DAY);
    if (day < 0 || d > day) { day = d; dayEquity = equity; }
    return [equity, equity - deployed - reserved];
  };
  const counts = () => { let pos = 0, opening = 0; for (let j = 0; j < np; j++) { pos += held[j]; opening += okind[j] === OPEN; } return [pos, opening]; };
  const sumsF = Array.from({ length: np }, () => new Float64Array(1)), sumsS = Array.from({ length: np }, () => new Float64Array(1));

  for (let g = 0; g < n;) {
    const tg = t[g];
    let e = g;
    while (e < n && t[e] === tg) e++;
    for (let r = g; r < e; r++) { // (1) fills at the open
      const p = pid[r], k = okind[p];
      if (k === NONE) continue;
      const q = oqty[p], price = op[r], fee = round8(q * price * FEE_RATE);
      okind[p] = NONE;
      if (k === OPEN) {
        cash -= q * price + fee;
        held[p] = 1; qty[p] = q; entry[p] = price; etime[p] = tg; closing[p] = 0;
        stop[p] = price * (1 - STOP / 100); tp[p] = price * (1 + TAKE / 100);
      } else {
        cash += qty[p] * price - fee;
        held[p] = 0;
        trades.push([pairs[p], etime[p], entry[p], tg, price, qty[p]]);
      }
    }
    now = tg + HOUR; // (2) the close
    const sig = [];
    for (let r = g; r < e; r++) {
      const p = pid[r], c = cl[r], k = count[p]++;
      mark[p] = c;
      const f = feed(fast[p], sumsF[p], c, k, FAST), s = feed(slow[p], sumsS[p], c, k, SLOW);
      if (k >= SLOW - 1) {
        const spread = f - s, pv = prev[p];
        prev[p] = spread;
        if (!Number.isNaN(pv)) {
          if (pv <= 0 && spread > 0 && !held[p]) sig.push({ p, kind: OPEN, conf: 0.5 + Math.min(0.5, 25 * Math.abs(spread) / s) });
          else if (pv >= 0 && spread < 0 && held[p]) sig.push({ p, kind: CLOSE, conf: 1 });
        }
      }
      if (r === e - 1 && sig.length > 0) {
        snapshot();
        for (const x of sig) {
          if (x.kind === CLOSE && held[x.p]) {
            snapshot();
            if (okind[x.p] === NONE) { okind[x.p] = CLOSE; oqty[x.p] = qty[x.p]; oprice[x.p] = mark[x.p]; }
          }
        }
        const ent = sig.filter(x => x.kind === OPEN && !held[x.p] && okind[x.p] === NONE)
          .sort((a, b) => b.conf - a.conf || cmp(pairs[a.p], pairs[b.p]));
        if (ent.length > 0) {
          const [equity, available] = snapshot();
          const [pos, opening] = counts();
          const slots = Math.max(0, MAX_POSITIONS - pos - opening);
          const cap = new Float64Array(ent.length);
          if (slots > 0 && available > 0) {
            const each = equity * BUDGET / 100;
            let remaining = available, funded = 0;
            for (let j = 0; j < Math.min(slots, ent.length); j++) {
              if (funded >= slots || remaining <= 0) break;
              const cj = Math.floor(Math.min(each, remaining) * 1e8) / 1e8;
              if (cj <= 0 || cj < MIN_NOTIONAL) continue;
              cap[j] = cj; funded++; remaining -= cj;
            }
          }
          for (let j = 0; j < ent.length; j++) {
            if (cap[j] <= 0) continue;
            const x = ent[j].p, price = mark[x];
            let q = cap[j] / price;
            const [eq, avail] = snapshot();
            if (reduceOnly) continue;
            const [pos2, opening2] = counts();
            if (pos2 + opening2 >= MAX_POSITIONS) continue;
            const limit = eq > 0 ? BUDGET * eq / 100 : 0;
            let allowed = limit > 0 ? limit / price : 0;
            if (allowed < q) { if (allowed <= 0) continue; q = allowed; }
            const change = dayEquity > 0 ? (eq - dayEquity) * 100 / dayEquity : 0;
            if (!(change > -DAILY_LOSS)) { reduceOnly = true; continue; }
            allowed = avail / (price + price * FEE_RESERVE / 100);
            if (allowed < q) { if (allowed <= 0) continue; q = allowed; }
            okind[x] = OPEN; oqty[x] = q; oprice[x] = price;
          }
        }
      }
      if (held[p] && !closing[p] && (c <= stop[p] || c >= tp[p])) {
        snapshot();
        if (okind[p] === NONE) { okind[p] = CLOSE; oqty[p] = qty[p]; oprice[p] = mark[p]; closing[p] = 1; }
      }
    }
    g = e;
  }
  for (let p = 0; p < np; p++) {
    if (!held[p]) continue;
    cash += qty[p] * mark[p] - round8(qty[p] * mark[p] * FEE_RATE);
    trades.push([pairs[p], etime[p], entry[p], now, mark[p], qty[p]]);
  }
  return { trades, cash };
}

// Agreement with the .NET trade list (same rule as ../common.py).
const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
const iso = ms => new Date(ms).toISOString().replace('.000Z', 'Z');
const key = (a, b) => a[1] - b[1] || cmp(a[0], b[0]) || a[3] - b[3];
function compare(ours, ref) {
  const a = [...ours].sort(key), b = [...ref].sort(key);
  const show = x => `${x[0]} ${iso(x[1])}@${x[2]} -> ${iso(x[3])}@${x[4]} q=${x[5]}`;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i], y = b[i];
    if (x[0] !== y[0] || x[1] !== y[1] || x[3] !== y[3] || !close(x[2], y[2]) || !close(x[4], y[4]))
      return [`no: trade ${i} differs: ours ${show(x)} vs .NET ${show(y)}`, false];
  }
  if (a.length !== b.length) return [`no: ${a.length} trades vs ${b.length} (.NET); the first ${Math.min(a.length, b.length)} agree`, false];
  return ['yes', a.every((x, i) => close(x[5], b[i][5]))];
}

const t1 = performance.now();
run(); // warm-up pass (JIT), as the numba row times its compiled second call
const t2 = performance.now();
const { trades, cash } = run();
const t3 = performance.now();
let agree = 'n/a', qtyAgree = false;
if (reference && existsSync(reference)) {
  const doc = JSON.parse(readFileSync(reference, 'utf8'));
  const ref = doc.trades.map(x => [x.pair, Date.parse(x.entryTime), x.entryPrice, Date.parse(x.exitTime), x.exitPrice, x.quantity]);
  [agree, qtyAgree] = compare(trades, ref);
}
console.log(JSON.stringify({
  impl: seed === 'native' ? 'Node trading-signals (native seed)' : 'Node trading-signals loop',
  wall_s: (t3 - T0) / 1000, loop_s: (t3 - t2) / 1000, first_loop_s: (t2 - t1) / 1000, bars: n,
  trades: trades.length, final_equity: cash, agree, quantities_agree: qtyAgree,
}));
