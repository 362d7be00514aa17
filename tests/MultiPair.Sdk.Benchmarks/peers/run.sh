#!/usr/bin/env bash
# Peers: the same EMA-cross portfolio (the default `multipair backtest`) in .NET, a pandas row loop, a numba @njit
# loop and a Node.js loop over trading-signals, timed in one run, with their trade lists checked against .NET's.
#   tests/MultiPair.Sdk.Benchmarks/peers/run.sh [runs]      (default 3; medians are reported)
# Needs root (or the packages already installed) for apt-get; npm needs the registry for `npm ci`.
set -euo pipefail
RUNS=${1:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
DATA="$ROOT/samples/MultiPair.Cli/data/binance-1h"
WORK=$(mktemp -d /tmp/mp-peers.XXXXXX)
PY=/usr/bin/python3

# --- what it needs -------------------------------------------------------------------------------------------
if ! $PY -c 'import pandas, numba' 2>/dev/null || ! command -v node >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pandas python3-numba nodejs npm >/dev/null
fi
(cd "$HERE/node" && npm ci --no-audit --no-fund --silent)
cd "$ROOT"
dotnet build -c Release samples/MultiPair.Cli -v q -nologo >/dev/null
CLI_DLL=$(ls samples/MultiPair.Cli/bin/Release/net*/multipair.dll 2>/dev/null || ls samples/MultiPair.Cli/bin/Release/net*/MultiPair.Cli.dll)
mkdir -p "$WORK/engine"
cp "$HERE/dotnet/EngineTimer.cs.txt" "$WORK/engine/Program.cs"
sed "s#@SDK@#$ROOT/src/MultiPair.Sdk/MultiPair.Sdk.csproj#" "$HERE/dotnet/EngineTimer.csproj.txt" > "$WORK/engine/EngineTimer.csproj"
dotnet build -c Release "$WORK/engine/EngineTimer.csproj" -o "$WORK/engine/out" -v q -nologo >/dev/null

# The reference trade list.
dotnet "$CLI_DLL" backtest --json --out "$WORK/dotnet.json" --report "$WORK/dotnet.html" >/dev/null

# --- timings: each command RUNS times, interleaved so load drifts hit every implementation alike --------------
now() { date +%s%N; }
RESULTS="$WORK/results.jsonl"
: > "$RESULTS"
wall() { # name, command…: one JSON line with the process wall time, plus whatever JSON the command printed
  local name=$1; shift
  local start out end
  start=$(now)
  out=$("$@" 2>/dev/null | tail -n 1)
  end=$(now)
  $PY -c 'import json,sys; name,ns,out=sys.argv[1],int(sys.argv[2]),sys.argv[3]
d=json.loads(out) if out.startswith("{") else {}
d.update(impl=name, process_s=ns/1e9); print(json.dumps(d))' "$name" $((end - start)) "$out" >> "$RESULTS"
}
for i in $(seq 1 "$RUNS"); do
  echo "run $i/$RUNS" >&2
  wall "dotnet run (CLI, incl. build check)" dotnet run -c Release --project samples/MultiPair.Cli -- backtest --json --out "$WORK/run.json" --report "$WORK/run.html"
  wall ".NET CLI process" dotnet "$CLI_DLL" backtest --json --out "$WORK/cli.json" --report "$WORK/cli.html"
  wall ".NET engine only" dotnet "$WORK/engine/out/EngineTimer.dll" "$DATA" 1
  wall "pandas row loop" $PY "$HERE/pandas_loop.py" "$WORK/dotnet.json"
  wall "numba @njit loop" $PY "$HERE/numba_loop.py" "$WORK/dotnet.json"
  wall "Node trading-signals loop" node "$HERE/node/loop.mjs" "$WORK/dotnet.json"
  wall "Node trading-signals (native seed)" node "$HERE/node/loop.mjs" "$WORK/dotnet.json" --seed=native
done
if [ -n "$(command -v dotnet)" ] && [ -f "$ROOT/tests/MultiPair.Sdk.Benchmarks/Throughput.cs" ] && grep -q -- '--engine' "$ROOT/tests/MultiPair.Sdk.Benchmarks/Throughput.cs"; then
  dotnet run -c Release --project tests/MultiPair.Sdk.Benchmarks -- throughput --engine || true
fi

# --- the table -----------------------------------------------------------------------------------------------
$PY - "$RESULTS" "$WORK/dotnet.json" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
ref = json.load(open(sys.argv[2]))
order, by = [], {}
for r in rows:
    if r["impl"] not in by:
        order.append(r["impl"]); by[r["impl"]] = []
    by[r["impl"]].append(r)
med = lambda name, key: statistics.median(r[key] for r in by[name] if r.get(key) is not None) if any(r.get(key) is not None for r in by[name]) else None
base_p, base_l = med(".NET CLI process", "process_s"), med(".NET engine only", "loop_s")
bars = ref["bars"]
print(f"\nreference: .NET CLI, {len(ref['trades'])} trades, final equity {ref['summary']['totalCapital']:.8f}, {bars} bars; medians of {len(by[order[0]])} runs\n")
print("| implementation | process wall | ÷ .NET CLI | loop | bars/s (loop) | ÷ .NET engine | trades | final equity | trades = .NET |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
for name in order:
    p, l = med(name, "process_s"), med(name, "loop_s")
    last = by[name][-1]
    trades = last.get("trades", len(ref["trades"]) if "CLI" in name else "")
    eq = last.get("final_equity", ref["summary"]["totalCapital"] if "CLI" in name else None)
    agree = last.get("agree", "(reference)" if "CLI" in name else "same run as the CLI" if "engine" in name else "")
    if "engine" in name:
        agree = "yes (count, equity)" if trades == len(ref["trades"]) and abs(float(eq) - ref["summary"]["totalCapital"]) < 1e-6 else "no"
    f = lambda x, d=3: "" if x is None else f"{x:.{d}f} s"
    print(f"| {name} | {f(p)} | {'' if p is None else f'{p / base_p:.2f}'} | {f(l, 4)} | {'' if l is None else f'{bars / l:,.0f}'} | "
          f"{'' if l is None else f'{l / base_l:.3f}'} | {trades} | {'' if eq is None else f'{float(eq):.6f}'} | {agree} |")
PY
echo "raw results: $RESULTS" >&2
