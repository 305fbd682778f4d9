"""
ringsight/bench/peers — peer community detection on the exported graph
======================================================================

Runs inside the bench's own virtual environment (.bench/venv), never the main
install. Loads the edge list ringsight's community step runs on (written by
bench/peers/worker.ts: a header line "nodes edges", then "u v weight" per
line) and either

  run ALGO       times one peer (igraph multilevel / Leiden, networkx Louvain)
  modularity     scores given membership files (ringsight's partitions)

Every partition's modularity is computed the same way: igraph's
Graph.modularity(membership, weights) on the same weighted graph. Only the
algorithm call itself is timed, wall (time.perf_counter) and process CPU
(time.process_time), by the same repeat rule as the Node side (--warmup
untimed runs, then --min-runs / --min-seconds / --max-runs / --budget);
loading and conversion are reported apart.
"""
import argparse
import json
import platform
import random
import signal
import statistics
import sys
import time

import igraph as ig

ALGOS = ("igraph-multilevel", "igraph-leiden", "igraph-leiden-converged", "networkx-louvain")


class Timeout(Exception):
    pass


def fail(message):
    sys.stderr.write(f"ringsight/bench-peers: {message}\n")
    sys.exit(2)


def load(path):
    t = time.perf_counter()
    with open(path, "r", encoding="utf-8") as f:
        header = f.readline().split()
        if len(header) != 2:
            fail(f"{path}: bad header line")
        n, m = int(header[0]), int(header[1])
        edges = []
        weights = []
        for line in f:
            u, v, w = line.split()
            edges.append((int(u), int(v)))
            weights.append(float(w))
    if len(edges) != m:
        fail(f"{path}: header says {m} edges, file has {len(edges)}")
    g = ig.Graph(n=n, edges=edges, directed=False)
    g.es["weight"] = weights
    return g, edges, weights, time.perf_counter() - t


def modularity(g, membership, resolution):
    return g.modularity(membership, weights="weight", resolution=resolution, directed=False)


def to_networkx(n, edges, weights):
    import networkx as nx
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from((u, v, w) for (u, v), w in zip(edges, weights))
    return G


def run_once(algo, g, G, args):
    random.seed(args.seed)  # igraph draws from Python's random module
    if algo == "igraph-multilevel":
        return g.community_multilevel(weights="weight", resolution=args.resolution).membership
    if algo == "igraph-leiden":
        return g.community_leiden(objective_function="modularity", weights="weight",
                                  resolution=args.resolution, n_iterations=2).membership
    if algo == "igraph-leiden-converged":
        return g.community_leiden(objective_function="modularity", weights="weight",
                                  resolution=args.resolution, n_iterations=-1).membership
    import networkx as nx
    parts = nx.community.louvain_communities(G, weight="weight", resolution=args.resolution, seed=args.seed)
    membership = [0] * g.vcount()
    for label, part in enumerate(parts):
        for node in part:
            membership[node] = label
    return membership


def on_alarm(_signum, _frame):
    raise Timeout()


def cmd_run(args):
    if args.algo not in ALGOS:
        fail(f"unknown algorithm {args.algo!r} (one of {', '.join(ALGOS)})")
    g, edges, weights, load_s = load(args.graph)
    G = None
    convert_s = 0.0
    if args.algo == "networkx-louvain":
        t = time.perf_counter()
        G = to_networkx(g.vcount(), edges, weights)
        convert_s = time.perf_counter() - t
    del edges, weights
    times, cpu = [], []
    membership = None
    timed_out = False
    signal.signal(signal.SIGALRM, on_alarm)
    for _ in range(args.warmup):
        run_once(args.algo, g, G, args)  # untimed, as the Node side warms up its JIT
    spent = 0.0
    # The same repeat rule as the Node side (bench/peers/types.ts timeRuns).
    while len(times) < args.max_runs:
        if len(times) >= args.min_runs and spent >= args.min_seconds:
            break
        if times and spent + times[-1] > args.budget:
            break
        signal.alarm(max(1, int(args.timeout)))
        c0, t0 = time.process_time(), time.perf_counter()
        try:
            membership = run_once(args.algo, g, G, args)
        except Timeout:
            timed_out = True
            break
        finally:
            signal.alarm(0)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        spent += times[-1]
    out = {"algo": args.algo, "loadSeconds": load_s, "convertSeconds": convert_s,
           "nodes": g.vcount(), "edges": g.ecount(), "timedOut": timed_out, "timeoutSeconds": args.timeout,
           "times": times, "cpuTimes": cpu}
    if membership is not None and not timed_out:
        out["seconds"] = statistics.median(times)
        out["minSeconds"] = min(times)
        out["cpuSeconds"] = statistics.median(cpu)
        out["modularity"] = modularity(g, membership, args.resolution)
        out["communities"] = len(set(membership))
    write(args.out, out)


def cmd_modularity(args):
    g, _edges, _weights, load_s = load(args.graph)
    results = {}
    for spec in args.membership:
        name, _, path = spec.partition("=")
        with open(path, "r", encoding="utf-8") as f:
            membership = json.load(f)
        if len(membership) != g.vcount():
            fail(f"{path}: membership has {len(membership)} entries, graph has {g.vcount()} nodes")
        results[name] = {"modularity": modularity(g, membership, args.resolution),
                         "communities": len(set(membership))}
    write(args.out, {"loadSeconds": load_s, "partitions": results})


def cmd_versions(args):
    import networkx as nx
    write(args.out, {"python": platform.python_version(), "igraph": ig.__version__, "networkx": nx.__version__})


def write(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def main():
    p = argparse.ArgumentParser(prog="peers.py")
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("algo")
    r.add_argument("--graph", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--min-runs", type=int, default=3)
    r.add_argument("--max-runs", type=int, default=30)
    r.add_argument("--min-seconds", type=float, default=10.0, help="keep repeating until runs total this many seconds")
    r.add_argument("--seed", type=int, default=42)
    r.add_argument("--resolution", type=float, default=1.0)
    r.add_argument("--timeout", type=float, default=600.0, help="seconds one run may take")
    r.add_argument("--warmup", type=int, default=0, help="untimed runs before the timed ones")
    r.add_argument("--budget", type=float, default=120.0, help="no further repeat once runs total this many seconds")
    m = sub.add_parser("modularity")
    m.add_argument("--graph", required=True)
    m.add_argument("--out", required=True)
    m.add_argument("--resolution", type=float, default=1.0)
    m.add_argument("membership", nargs="+", help="NAME=membership.json")
    v = sub.add_parser("versions")
    v.add_argument("--out", required=True)
    args = p.parse_args()
    {"run": cmd_run, "modularity": cmd_modularity, "versions": cmd_versions}[args.cmd](args)


if __name__ == "__main__":
    main()
