"""Throughput and memory benchmark: cleanseeds against the bare library calls it wraps.

    .venv/bin/python bench/perf.py --n 1000 --n 10000

For every N it builds a corpus (``bench/corpus.py``: dev pages replicated with small changes,
plus plain-text files and JSONL records) under ``bench/_corpora/`` and runs, interleaved, each as
its own subprocess so CPU and memory are measured the same way for all of them:

    bare_full     a bare loop: trafilatura.extract() + spaCy NER (NER-only pipeline)   (a)
                  on every extracted text
    bare_full_same  the same loop, but NER on exactly the texts cleanseeds gave NER in
                  the cs_w1 run (its cleaned English texts, read back from its output):
                  the same library work, so the ratio is overhead alone              (a')
    bare_full_same_x2  two bare_full_same loops at once, each on half the documents: the
                  scaling two processes can reach on this machine for the same library
                  work (the ceiling for cs_w2 / cs_w1)
    bare_extract  a bare loop: trafilatura.extract() only                               (bare)
    bare_extract_same  a bare loop: trafilatura.bare_extraction() with the options cleanseeds
                  uses (with_metadata, favor_precision, no comments)                    (bare')
    cs_w1         cleanseeds run --no-prefect --workers 1                               (b)
    cs_w2         cleanseeds run --no-prefect --workers 2
    cs_w1_prefect cleanseeds run --workers 1   (through the Prefect flow)
    cs_w2_prefect cleanseeds run --workers 2   (through the Prefect flow)
    cs_noent_w1   cleanseeds run --no-prefect --workers 1 --no-entities                 (c)

CPU is the user+system time of the whole process tree (``os.wait4`` on the child, which
includes every descendant it waited for: pool workers, the Prefect server); peak RSS is
sampled per process with psutil every 0.2 s and cross-checked with the tree's ``ru_maxrss``.
Results are printed and written to ``bench/results/perf-n{N}.txt`` (and ``.json``).

Internal: ``perf.py _bare CORPUS --mode full|full_same|extract|extract_same [--procs 2]`` is
the bare loop itself.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
WORK = BENCH / "_corpora"
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))

import corpus as corpus_mod  # noqa: E402

ALL_VARIANTS = ("bare_full", "cs_w1", "bare_full_same", "bare_extract", "cs_noent_w1", "bare_extract_same", "cs_w2", "cs_noent_w2", "bare_full_same_x2", "cs_w1_prefect", "cs_w2_prefect")


# --- the bare loop (runs in its own process) -------------------------------------------------


def bare_loop(root: Path, mode: str, ner_texts: Path | None = None, shard: tuple[int, int] = (0, 1)) -> dict[str, Any]:
    """The bare library loop over the corpus (or over documents ``i, i + n, ...`` of it for
    ``shard=(i, n)``); returns its counts."""
    import trafilatura

    k, of = shard
    nlp = None
    if mode in ("full", "full_same"):
        import spacy

        from cleanseeds.config import Settings

        name = Settings().spacy_model
        keep = {"ner"}
        # NER only: en_core_web_sm's ner carries its own tok2vec, so nothing else is needed.
        info = spacy.info(name)
        exclude = [p for p in info.get("pipeline", []) + info.get("components", []) if p not in keep]
        nlp = spacy.load(name, exclude=sorted(set(exclude)))
    docs = words = ents = failed = chars = 0
    if mode == "full_same":  # extraction as bare_full; NER on the texts cleanseeds' NER read
        assert ner_texts is not None and nlp is not None
        for i, (kind, content) in enumerate(corpus_mod.iter_corpus(root)):
            if i % of != k:
                continue
            docs += 1
            if kind == "html" and not trafilatura.extract(content):
                failed += 1
        ner_docs = 0
        with open(ner_texts, encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % of != k:
                    continue
                text = json.loads(line)
                ner_docs += 1
                chars += len(text)
                doc = nlp(text)
                words += len(doc)
                ents += len(doc.ents)
        return {"docs": docs, "failed": failed, "ner_docs": ner_docs, "ner_chars": chars, "tokens": words, "entities": ents, "pipeline": list(nlp.pipe_names)}
    for i, (kind, content) in enumerate(corpus_mod.iter_corpus(root)):
        if i % of != k:
            continue
        docs += 1
        if kind != "html":
            text = content
        elif mode == "extract_same":  # the very call cleanseeds makes (extract/html.py)
            res = trafilatura.bare_extraction(content, with_metadata=True, include_comments=False, favor_precision=True)
            text = res.text if res is not None else None
        else:
            text = trafilatura.extract(content)
        if not text:
            failed += 1
            continue
        if nlp is not None:
            chars += len(text)
            doc = nlp(text)
            words += len(doc)
            ents += len(doc.ents)
    return {"docs": docs, "failed": failed, "ner_docs": docs - failed if nlp else 0, "ner_chars": chars, "tokens": words, "entities": ents, "pipeline": list(nlp.pipe_names) if nlp else []}


def bare_parallel(root: Path, mode: str, ner_texts: Path | None, procs: int) -> dict[str, Any]:
    """``procs`` bare loops at once, each over its share of the documents (and of the NER
    texts): the most two processes can get out of this machine for the same library work,
    the ceiling for cleanseeds' own two-process scaling. Counts summed."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(procs) as pool:
        parts = pool.starmap(bare_loop, [(root, mode, ner_texts, (k, procs)) for k in range(procs)])
    total: dict[str, Any] = {key: sum(p[key] for p in parts) for key in parts[0] if key != "pipeline"}
    total["pipeline"] = parts[0]["pipeline"]
    total["procs"] = procs
    return total


# --- measuring one subprocess ----------------------------------------------------------------


@dataclass
class Measure:
    variant: str
    n: int
    wall_s: float
    cpu_s: float
    rc: int
    peak_rss_mib: float  # largest single process, sampled
    tree_maxrss_mib: float  # ru_maxrss of the tree (kernel, exact, max over processes)
    main_rss_mib: float
    worker_rss_mib: float  # largest non-main process (0 if none)
    processes: int
    stage_seconds: dict[str, float] = field(default_factory=dict)
    accepted: int = 0
    quarantined: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def docs_per_s(self) -> float:
        return self.n / self.wall_s if self.wall_s else 0.0

    @property
    def docs_per_cpu_s(self) -> float:
        return self.n / self.cpu_s if self.cpu_s else 0.0


def become_subreaper() -> bool:
    """Make this process adopt orphaned descendants (Linux ``PR_SET_CHILD_SUBREAPER``), so a
    helper whose parent exited without waiting for it is still reaped here, and its CPU
    time still lands in our ``RUSAGE_CHILDREN``."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


#: CPU seconds of each process of the last measured tree, as last sampled (a lower bound:
#: the time after the last sample is missing) — to see where the CPU went, not to total it.
cpu_seen: dict[int, float] = {}


def run_measured(cmd: list[str], env: dict[str, str], log: Path, interval: float = 0.2, linger_s: float = 20.0) -> tuple[float, float, int, dict[int, tuple[int, str]], int, int]:
    """Run ``cmd``; return wall seconds, CPU seconds of the whole tree, exit code, per-process
    peak RSS ``{pid: (bytes, cmdline)}``, the kernel's max RSS of the tree, and the pid of
    the command itself.

    CPU is the growth of this process's ``RUSAGE_CHILDREN``: every descendant, including
    ones orphaned and adopted by us (see :func:`become_subreaper`), once reaped.
    """
    import psutil

    me = psutil.Process()
    peaks: dict[int, tuple[int, str]] = {}
    cpu_seen.clear()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    status, tree_max, main_done = 0, 0, None
    with open(log, "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=REPO)
        while True:
            while True:  # reap whatever has exited: the main child, or adopted orphans
                try:
                    pid, st, ru = os.wait4(-1, os.WNOHANG)
                except ChildProcessError:
                    pid = 0
                    if main_done is None:
                        raise
                if not pid:
                    break
                if pid == p.pid:
                    status, tree_max, main_done = st, ru.ru_maxrss * 1024, time.perf_counter()
            if main_done is not None:
                left = me.children()
                if not left:
                    break
                if time.perf_counter() - main_done > linger_s:  # stragglers of our own run
                    for q in left:
                        try:
                            q.kill()
                        except psutil.Error:
                            pass
            for q in me.children(recursive=True):
                try:
                    with q.oneshot():
                        rss = q.memory_info().rss
                        ct = q.cpu_times()
                    cpu_seen[q.pid] = ct.user + ct.system
                    old = peaks.get(q.pid)
                    if old is None:
                        peaks[q.pid] = (rss, " ".join(q.cmdline()[:4])[:120])
                    elif rss > old[0]:
                        peaks[q.pid] = (rss, old[1])
                except psutil.Error:
                    pass
            time.sleep(interval)
        assert main_done is not None
        wall = main_done - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p.returncode = os.waitstatus_to_exitcode(status)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return wall, cpu, p.returncode, peaks, tree_max, p.pid


def _as_mapping(v: Any) -> Any:
    """A runs/ column that holds a mapping, whatever its storage: dict, JSON text, or a list
    of ``{key, <value>}`` structs (Arrow has no plain map in every reader)."""
    if isinstance(v, str) and v.startswith("{"):
        try:
            return json.loads(v)
        except ValueError:
            return v
    if isinstance(v, list) and v and all(isinstance(x, dict) and "key" in x and len(x) == 2 for x in v):
        return {x["key"]: next(val for k, val in x.items() if k != "key") for x in v}
    return v


def read_run_row(output: Path) -> dict[str, Any]:
    """The newest ``runs/`` row under ``output`` (any partitioning)."""
    import pyarrow.parquet as pq

    rows = [r for f in (output / "runs").rglob("*.parquet") for r in pq.read_table(f).to_pylist()]
    if not rows:
        return {}
    row = max(rows, key=lambda r: str(r.get("finished_at") or r.get("started_at") or ""))
    return {k: _as_mapping(v) for k, v in row.items()}


def save_ner_texts(output: Path, dest: Path) -> int:
    """Write the cleaned texts NER read in a pipeline run (``entities_status == 'ok'``), one
    JSON string a line, for ``bare_full_same``. Returns how many."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    n = 0
    with open(dest, "w", encoding="utf-8") as f:
        for path in sorted((output / "documents").rglob("*.parquet")):
            t = pq.read_table(path, columns=["text", "entities_status"])
            for text in t.filter(pc.equal(t["entities_status"], "ok")).column("text").to_pylist():
                f.write(json.dumps(text, ensure_ascii=False) + "\n")
                n += 1
    return n


def ner_workload(output: Path) -> dict[str, int]:
    """What NER had to read in a pipeline run: documents with ``entities_status == 'ok'``,
    the characters of their cleaned text, and the entities found."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    n = chars = ents = 0
    for f in (output / "documents").rglob("*.parquet"):
        cols = set(pq.read_schema(f).names)
        if not {"text", "entities_status", "entities"} <= cols:
            return {}
        t = pq.read_table(f, columns=["text", "entities_status", "entities"])
        t = t.filter(pc.equal(t["entities_status"], "ok"))
        n += t.num_rows
        chars += int(pc.sum(pc.utf8_length(t["text"])).as_py() or 0)
        ents += int(pc.sum(pc.list_value_length(t["entities"])).as_py() or 0)
    return {"ner_docs": n, "ner_chars": chars, "entities": ents}


def ner_texts_path(corpus_dir: Path) -> Path:
    return corpus_dir.with_name(corpus_dir.name + "-ner-texts.jsonl")


def variant_cmd(variant: str, corpus_dir: Path, output: Path) -> list[str]:
    py = sys.executable
    if variant.startswith("bare_"):
        mode = variant.removeprefix("bare_").removesuffix("_x2")
        cmd = [py, str(Path(__file__).resolve()), "_bare", str(corpus_dir), "--mode", mode]
        if mode == "full_same":
            cmd += ["--ner-texts", str(ner_texts_path(corpus_dir))]
        if variant.endswith("_x2"):
            cmd += ["--procs", "2"]
        return cmd
    cmd = [py, "-m", "cleanseeds.cli", "run", str(corpus_dir), "--output", str(output), "-q"]
    cmd += ["--workers", "2" if "_w2" in variant else "1"]
    if "prefect" not in variant:
        cmd.append("--no-prefect")
    if "noent" in variant:
        cmd.append("--no-entities")
    return cmd


def measure_variant(variant: str, n: int, corpus_dir: Path, env: dict[str, str]) -> Measure | None:
    if variant.startswith("bare_full_same") and not ner_texts_path(corpus_dir).exists():
        print(f"[{variant} needs cs_w1 run before it in the same invocation: skipped]", file=sys.stderr)
        return None
    load_before = os.getloadavg()[0]
    output = WORK / f"out-{n}-{variant}"
    if output.exists():
        shutil.rmtree(output)
    log = WORK / f"log-{n}-{variant}.txt"
    wall, cpu, rc, peaks, tree_max, main_pid = run_measured(variant_cmd(variant, corpus_dir, output), env, log)
    MiB = 1024 * 1024
    main_rss = peaks.get(main_pid, (0, ""))[0]
    others = [v[0] for pid, v in peaks.items() if pid != main_pid]
    m = Measure(
        variant, n, wall, cpu, rc,
        peak_rss_mib=max((v[0] for v in peaks.values()), default=0) / MiB,
        tree_maxrss_mib=tree_max / MiB, main_rss_mib=main_rss / MiB,
        worker_rss_mib=max(others, default=0) / MiB, processes=len(peaks),
    )
    m.extra["load_before"] = round(load_before, 2)
    m.extra["load_after"] = round(os.getloadavg()[0], 2)
    m.extra["processes"] = {str(pid): [round(v[0] / MiB, 1), round(cpu_seen.get(pid, 0.0), 1), v[1]] for pid, v in sorted(peaks.items())}
    m.extra["main_pid"] = str(main_pid)
    m.extra["main_cpu_s"] = round(cpu_seen.get(main_pid, 0.0), 1)
    if rc != 0:
        m.extra["log_tail"] = log.read_text(errors="replace")[-2000:]
    if variant.startswith("bare_"):
        lines = [ln for ln in log.read_text(errors="replace").splitlines() if ln.startswith("{")]
        if lines:
            m.extra.update(json.loads(lines[-1]))
    else:
        row = read_run_row(output)
        m.stage_seconds = {k: float(v) for k, v in (row.get("stage_seconds") or {}).items()}
        m.accepted, m.quarantined = int(row.get("accepted") or 0), int(row.get("quarantined") or 0)
        m.extra["status"] = row.get("status")
        m.extra["inputs"] = row.get("inputs")
        m.extra["quarantined_by_reason"] = row.get("quarantined_by_reason")
        m.extra["batches"] = row.get("batches")
        m.extra.update(ner_workload(output))
        if variant == "cs_w1":  # what bare_full_same runs NER on
            save_ner_texts(output, ner_texts_path(corpus_dir))
        m.extra["output_mib"] = {d.name: round(sum(f.stat().st_size for f in d.rglob("*") if f.is_file()) / 2**20, 2) for d in output.iterdir() if d.is_dir()}
        state = output / "_state"
        m.extra["state_files_mib"] = {f.name: round(f.stat().st_size / 2**20, 3) for f in state.iterdir() if f.is_file()} if state.is_dir() else {}
        shutil.rmtree(output, ignore_errors=True)
    return m


# --- reporting -------------------------------------------------------------------------------


def _ratio(a: Measure | None, b: Measure | None, attr: str) -> str:
    if a is None or b is None or not getattr(b, attr):
        return "n/a"
    return f"{getattr(a, attr) / getattr(b, attr):.2f}"


def _role(pid: str, cmd: str, main_pid: Any, main_cmd: str) -> str:
    if pid == str(main_pid):
        return "main"
    if "watchdog" in cmd:
        return "extract-helper"
    if "forkserver" in cmd:
        return "forkserver-or-its-worker"
    if "multiprocessing" in cmd or cmd == main_cmd:
        return "pool-worker"
    if "prefect" in cmd or "uvicorn" in cmd:
        return "prefect-server"
    return cmd[-40:]


def report(n: int, ms: list[Measure], header: str) -> str:
    by = {}
    for m in ms:  # with --repeat, keep the best (least disturbed) run of each variant
        if m.rc != 0 or (not m.variant.startswith("bare") and m.extra.get("status") != "completed"):
            continue  # a failed run measures nothing
        if m.variant not in by or m.docs_per_cpu_s > by[m.variant].docs_per_cpu_s:
            by[m.variant] = m
    lines = [header, "", f"## N = {n:,} documents", ""]
    lines.append(f"{'variant':<14} {'rc':>3} {'wall s':>8} {'cpu s':>8} {'docs/s':>8} {'docs/cpu-s':>10} {'peak RSS MiB':>12} {'main':>7} {'worker':>7} {'procs':>5} {'accepted':>8} {'quar.':>6} {'load':>9}")
    for m in ms:
        lines.append(
            f"{m.variant:<14} {m.rc:>3} {m.wall_s:>8.1f} {m.cpu_s:>8.1f} {m.docs_per_s:>8.2f} {m.docs_per_cpu_s:>10.2f} "
            f"{m.peak_rss_mib:>12.0f} {m.main_rss_mib:>7.0f} {m.worker_rss_mib:>7.0f} {m.processes:>5} "
            f"{(m.accepted if not m.variant.startswith('bare') else m.extra.get('docs', 0) - m.extra.get('failed', 0)):>8} {m.quarantined:>6} {m.extra.get('load_before', 0):>4.1f}/{m.extra.get('load_after', 0):<4.1f}"
        )
    lines.append("(load: the machine's 1-minute load average before/after the run; 2 cores, so above 2 the run shared them)")
    g = by.get
    lines += ["", "ratios (docs per CPU-second unless said otherwise; target in brackets):"]
    lines.append(f"  (b)/(a)  cs_w1 / bare_full                 = {_ratio(g('cs_w1'), g('bare_full'), 'docs_per_cpu_s')}   [>= 0.90]")
    lines.append(f"  (b)/(a') cs_w1 / bare_full_same            = {_ratio(g('cs_w1'), g('bare_full_same'), 'docs_per_cpu_s')}   [>= 0.90]  (NER on the same texts: overhead alone)")
    lines.append(f"  (b)/(a)  cs_w1_prefect / bare_full         = {_ratio(g('cs_w1_prefect'), g('bare_full'), 'docs_per_cpu_s')}")
    lines.append(f"  (b)/(a') cs_w1_prefect / bare_full_same    = {_ratio(g('cs_w1_prefect'), g('bare_full_same'), 'docs_per_cpu_s')}")
    lines.append(f"  (c)/bare cs_noent_w1 / bare_extract        = {_ratio(g('cs_noent_w1'), g('bare_extract'), 'docs_per_cpu_s')}   [>= 0.90]")
    lines.append(f"  (c)/bare' cs_noent_w1 / bare_extract_same  = {_ratio(g('cs_noent_w1'), g('bare_extract_same'), 'docs_per_cpu_s')}   (same trafilatura call as cleanseeds)")
    lines.append(f"  scaling  cs_w2 / cs_w1 (docs/s, wall)      = {_ratio(g('cs_w2'), g('cs_w1'), 'docs_per_s')}   [>= 1.80]")
    lines.append(f"  scaling  cs_w2_prefect / cs_w1_prefect     = {_ratio(g('cs_w2_prefect'), g('cs_w1_prefect'), 'docs_per_s')}")
    lines.append(f"  cpu eff. cs_w2 / cs_w1 (docs/cpu-s)        = {_ratio(g('cs_w2'), g('cs_w1'), 'docs_per_cpu_s')}")
    lines.append(f"  ceiling  bare_full_same_x2 / bare_full_same (docs/s, wall) = {_ratio(g('bare_full_same_x2'), g('bare_full_same'), 'docs_per_s')}"
                 f"   (two bare loops at once, each on half: what 2 processes can get here; cpu eff. {_ratio(g('bare_full_same_x2'), g('bare_full_same'), 'docs_per_cpu_s')})")
    lines += ["", "per-stage share of stage time (runs/ row stage_seconds: wall clock inside each stage, summed over batches):"]
    for m in ms:
        if not m.stage_seconds:
            continue
        tot = sum(m.stage_seconds.values()) or 1.0
        parts = "  ".join(f"{k} {v / tot:5.1%}" for k, v in sorted(m.stage_seconds.items(), key=lambda kv: -kv[1]))
        outside = max(0.0, m.cpu_s - tot)
        lines.append(f"  {m.variant:<14} {tot:8.1f} stage-s (wall clock, {m.cpu_s:7.1f} cpu-s for the run): {parts}   | outside the stages {outside:6.1f} cpu-s ({outside / m.cpu_s:4.1%} of the run's CPU: start-up, planning, writing, orchestration)")
    lines += ["", "NER workload (the pipeline runs NER on cleaned text, English only; the bare loop on every extracted text):"]
    for m in ms:
        if m.extra.get("ner_docs"):
            lines.append(f"  {m.variant:<14} {m.extra['ner_docs']:>7} docs {m.extra.get('ner_chars', 0):>12,} chars {m.extra.get('entities', 0):>9,} entities")
    for m in ms:
        if m.variant.startswith("bare_"):
            lines.append(f"  {m.variant:<14} docs {m.extra.get('docs')} (no text: {m.extra.get('failed')}), spaCy tokens {m.extra.get('tokens')}, pipeline {m.extra.get('pipeline')}")
    bad = [m for m in ms if m.rc != 0 or (not m.variant.startswith("bare") and m.extra.get("status") != "completed")]
    for m in bad:
        lines += ["", f"!! {m.variant} exited {m.rc} status {m.extra.get('status')}:", m.extra.get("log_tail", "")]
    lines += ["", "processes (peak RSS MiB, CPU s as last sampled, command):"]
    for m in ms:
        procs = m.extra.get("processes", {})
        main_cmd = procs.get(str(m.extra.get("main_pid")), [0, 0, ""])[2]
        lines.append(f"  {m.variant}: " + "; ".join(f"{_role(pid, v[2], m.extra.get('main_pid'), main_cmd)} {v[0]:.0f} MiB {v[1]:.1f} s" for pid, v in procs.items()))
    for m in ms:
        if m.extra.get("output_mib"):
            lines.append(f"  output of {m.variant}: {m.extra['output_mib']} MiB; _state files {m.extra.get('state_files_mib')} MiB")
    quar = {m.variant: m.extra.get("quarantined_by_reason") for m in ms if m.extra.get("quarantined_by_reason")}
    if quar:
        lines += ["", "quarantined by reason: " + json.dumps(quar)]
    return "\n".join(lines) + "\n"


def scrub(text: str) -> str:
    """No machine paths in results that get committed: the repository, the venv and the
    interpreter become ``<repo>``, ``<venv>`` and ``<python>``."""
    for path, name in sorted(((str(REPO), "<repo>"), (sys.prefix, "<venv>"), (sys.base_prefix, "<python>"), (str(Path.home()), "~")), key=lambda pn: -len(pn[0])):
        if path and path not in ("/", "."):
            text = text.replace(path, name)
    return text


def header() -> str:
    import psutil

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "src", "flows"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    except OSError:
        commit, dirty = "?", ""
    la = os.getloadavg()
    return (
        f"# cleanseeds perf  {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M UTC}  commit {commit}{' (+uncommitted src changes)' if dirty else ''}\n"
        f"# {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cpus, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB RAM, load average at start {la[0]:.2f} {la[1]:.2f} {la[2]:.2f}\n"
        f"# command: bench/perf.py {' '.join(sys.argv[1:])}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description="cleanseeds throughput/memory benchmark (see module docstring)")
    ap.add_argument("--n", type=int, action="append", help="corpus size (repeatable; default 1000)")
    ap.add_argument("--variants", default=",".join(ALL_VARIANTS), help=f"comma-separated subset of {','.join(ALL_VARIANTS)}")
    ap.add_argument("--large-variants", default=None, help="variants for N > 1000 (default: the same as --variants); "
                    "e.g. cs_w2,cs_w2_prefect to check memory and scaling at N=10,000 in less time")
    ap.add_argument("--repeat", type=int, default=1, help="rounds of all variants (interleaved); ratios use the best round")
    ap.add_argument("--dev-dir", type=Path, default=corpus_mod.DEFAULT_DEV_DIR)
    ap.add_argument("--results", type=Path, default=RESULTS, help="where perf-n{N}.txt/.json go")
    ap.add_argument("--tag", default="", help="suffix for result file names (perf-n{N}{tag}.txt)")
    a = ap.parse_args()
    variants = [v.strip() for v in a.variants.split(",") if v.strip()]
    large = [v.strip() for v in (a.large_variants or a.variants).split(",") if v.strip()]
    unknown = (set(variants) | set(large)) - set(ALL_VARIANTS)
    if unknown:
        ap.error(f"unknown variant(s): {', '.join(sorted(unknown))}")
    WORK.mkdir(parents=True, exist_ok=True)
    a.results.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1", PREFECT_LOGGING_LEVEL="WARNING",
               PREFECT_HOME=str(WORK / "prefect-home"), PYTHONUNBUFFERED="1")
    head = header()  # before any measured run: its git subprocesses must not count
    if not become_subreaper():
        print("[warning: cannot become a child subreaper; CPU of orphaned helpers may be missed]", file=sys.stderr)
    for n in a.n or [1000]:
        cdir = WORK / f"corpus-{n}"
        t0 = time.perf_counter()
        plan = corpus_mod.build(n, cdir, a.dev_dir)
        ner_texts_path(cdir).unlink(missing_ok=True)  # bare_full_same reads only this invocation's cs_w1 texts
        print(f"[corpus n={n}: {plan} in {time.perf_counter() - t0:.1f} s]", file=sys.stderr, flush=True)
        ms: list[Measure] = []
        t_n = time.perf_counter()
        for r in range(a.repeat):
            for v in (large if n > 1000 else variants):
                m = measure_variant(v, n, cdir, env)
                if m is None:
                    continue
                ms.append(m)
                print(f"[n={n} round {r + 1} {v}: rc {m.rc}, {m.wall_s:.1f} s wall, {m.cpu_s:.1f} cpu-s, {m.docs_per_cpu_s:.2f} docs/cpu-s, peak {m.peak_rss_mib:.0f} MiB]", file=sys.stderr, flush=True)
        took = time.perf_counter() - t_n
        text = report(n, ms, head + f"\n# corpus: {plan}\n# all runs for this N took {took / 60:.1f} min of wall time")
        print(text, flush=True)
        (a.results / f"perf-n{n}{a.tag}.txt").write_text(scrub(text), encoding="utf-8")
        (a.results / f"perf-n{n}{a.tag}.json").write_text(scrub(json.dumps([asdict(m) | {"docs_per_s": m.docs_per_s, "docs_per_cpu_s": m.docs_per_cpu_s} for m in ms], indent=1, default=str)), encoding="utf-8")
        shutil.rmtree(cdir, ignore_errors=True)
        ner_texts_path(cdir).unlink(missing_ok=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_bare":
        bp = argparse.ArgumentParser()
        bp.add_argument("cmd")
        bp.add_argument("corpus", type=Path)
        bp.add_argument("--mode", choices=("full", "full_same", "extract", "extract_same"), default="full")
        bp.add_argument("--ner-texts", type=Path, default=None)
        bp.add_argument("--procs", type=int, default=1)
        ba = bp.parse_args()
        if ba.procs > 1:
            counts = bare_parallel(ba.corpus, ba.mode, ba.ner_texts, ba.procs)
        else:
            counts = bare_loop(ba.corpus, ba.mode, ba.ner_texts)
        print(json.dumps(counts))
    else:
        main()
