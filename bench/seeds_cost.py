"""What ``cleanseeds run seeds --output DIR`` costs, and where its fixed cost goes (issue 16).

    .venv/bin/python bench/seeds_cost.py [--repeat 3]

1. The seeds run as ``make run`` does it (default settings: entities and the report on), and
   with ``--no-report`` / ``--no-entities`` / both, and with the compiled-pattern cache off
   (``CLEANSEEDS_CACHE_DIR=off``: the French tokenizer pattern compiled by ``re``, as before
   the cache; the cache is filled first in a folder of the run, as ``make setup`` fills it,
   and that fill is timed too): wall seconds and CPU seconds of the whole
   process tree (the extraction helper included), medians of ``--repeat`` interleaved rounds,
   each a fresh process and a fresh output folder. Target: default <= 3 s wall.
2. Where it goes: one fresh interpreter performs the steps of a run's fixed cost one after
   the other and prints the CPU seconds of each (``time.process_time``: this process only;
   the extraction helper process is measured apart), medians over ``--repeat`` interpreters.

Prints the machine's load average before and after: on a shared machine wall time is
inflated, CPU time much less so. Nothing is written to the repository.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from fixed_cost import become_subreaper, measure  # noqa: E402

VARIANTS: dict[str, tuple[list[str], dict[str, str]]] = {
    "default (entities + report)": ([], {}),
    "default, pattern cache off": ([], {"CLEANSEEDS_CACHE_DIR": "off"}),
    "--no-report": (["--no-report"], {}),
    "--no-entities": (["--no-entities"], {}),
    "--no-report --no-entities": (["--no-report", "--no-entities"], {}),
}

# The steps of a seeds run's fixed cost, each timed in one interpreter (the later steps reuse
# what the earlier ones imported, as a run does). In a run the extraction helper starts before
# the models load and the language identifier loads in a thread beside the spaCy model
# (enrich.preload): here each is timed alone, on this process's clock.
_STEPS = r'''
import json, sys, time
steps = [("interpreter start", time.process_time())]
def step(name, fn):
    c = time.process_time(); fn(); steps.append((name, time.process_time() - c))
step("interpreter + import cleanseeds.cli", lambda: __import__("cleanseeds.cli"))
step("import the core (pipeline: polars, pandera, pyarrow, ...)", lambda: __import__("cleanseeds.pipeline"))
from cleanseeds import pipeline
from cleanseeds.config import Settings
s = Settings()
step("rule set (compile 60 rules)", lambda: pipeline.rules_for(s))
from cleanseeds.enrich.language import detect_language
step("language identifier (py3langid model)", lambda: detect_language("A short English sentence to load the model."))
step("import spacy", lambda: __import__("spacy"))
from cleanseeds.enrich import entities
step("English NER model (" + s.spacy_model + ")", lambda: entities.load_model(s.spacy_model))
step("French NER model (" + s.spacy_model_fr + " and spacy.lang.fr; its 1.45 MB tokenizer pattern from the compiled-pattern cache)",
     lambda: entities.load_model(s.spacy_model_fr))
step("gazetteers (en, fr, de, es)", lambda: [entities.load_gazetteer(language=l) for l in ("en", "fr", "de", "es")])
out = sys.argv[1]
def report():
    from cleanseeds.report import build_report
    import shutil, os
    shutil.rmtree(os.path.join(out, "report"), ignore_errors=True)
    build_report(out, s)
step("report (import + build over the seeds output, 8 documents)", report)
from cleanseeds.extract.watchdog import run_isolated
html = "<html><head><title>t</title></head><body><article><p>" + "A sentence of the page. " * 40 + "</p></article></body></html>"
def helper():
    run_isolated(html, None, s)
step("extraction helper: start it, one page (this process's side; the helper imports trafilatura, ~0.3 CPU-s)", helper)
print(json.dumps(steps))
'''


# `cleanseeds ...` in this interpreter, which writes its own CPU seconds (user + system, every
# thread, no child) to the file argv[1] at exit, after the CLI's own exit handlers.
_OWN_CPU = r"""
import atexit, resource, sys
path = sys.argv.pop(1)
def own():
    r = resource.getrusage(resource.RUSAGE_SELF)
    open(path, "w").write(str(r.ru_utime + r.ru_stime))
atexit.register(own)
from cleanseeds.cli import main
sys.exit(main(sys.argv[1:]))
"""


def breakdown(out: Path, repeat: int, env: dict[str, str]) -> list[tuple[str, float]]:
    runs: list[list[tuple[str, float]]] = []
    for _ in range(repeat):
        p = subprocess.run([sys.executable, "-c", _STEPS, str(out)], cwd=REPO, env=env, capture_output=True, text=True, check=True)
        runs.append([tuple(x) for x in json.loads(p.stdout.strip().splitlines()[-1])])  # type: ignore[misc]
    return [(name, statistics.median(r[i][1] for r in runs)) for i, (name, _) in enumerate(runs[0])]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    become_subreaper()
    work = Path(tempfile.mkdtemp(prefix="cleanseeds-seeds-cost-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(work / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               CLEANSEEDS_CACHE_DIR=str(work / "cache"))
    print(f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r} in this environment", file=sys.stderr)
    load0 = os.getloadavg()
    # the compiled-pattern cache, filled as `make setup` fills it (cleanseeds.enrich.regex_cache)
    fill = measure([sys.executable, "-m", "cleanseeds.enrich.regex_cache"], env)
    assert fill[2] == 0 and list((work / "cache" / "regex").glob("*.sre")), fill
    got: dict[str, list[tuple[float, float, float]]] = {k: [] for k in VARIANTS}
    own = work / "main-cpu"
    cli = [sys.executable, "-c", _OWN_CPU, str(own), "run", "seeds", "--quiet"]
    for r in range(a.repeat):
        for v, (name, (args, extra)) in enumerate(VARIANTS.items()):
            out = work / f"out-{r}-{v}"  # a fresh output: nothing skipped as already loaded
            wall, cpu, rc = measure(cli + args + ["--output", str(out)], {**env, **extra})
            main_cpu = float(own.read_text())
            assert rc == 0, (name, rc)
            got[name].append((wall, cpu, main_cpu))
            print(f"[round {r + 1}] {name:30s} wall {wall:6.2f} s  cpu {cpu:6.2f} s  main {main_cpu:6.2f} s", file=sys.stderr, flush=True)
            if not (r == 0 and name.startswith("default")):
                shutil.rmtree(out, ignore_errors=True)
    steps = breakdown(work / "out-0-0", a.repeat, env)
    load1 = os.getloadavg()
    print(f"# cleanseeds run seeds --output DIR, medians of {a.repeat} rounds; load average {load0[0]:.2f} before, {load1[0]:.2f} after"
          f" ({os.cpu_count()} CPUs)")
    print(f"filling the compiled-pattern cache (make setup; once per interpreter): wall {fill[0]:.2f} s, cpu {fill[1]:.2f} s")
    print("(cpu: the whole process tree; main: the CLI process alone, all its threads - on an idle 2-core machine its")
    print(" CPU is about the run's wall time, less what its preload thread overlaps: the extraction helper runs beside it)")
    for k, v in got.items():
        print(f"{k:32s} wall {statistics.median(x[0] for x in v):6.2f} s   cpu {statistics.median(x[1] for x in v):6.2f} s"
              f"   main {statistics.median(x[2] for x in v):6.2f} s")
    print(f"figure 2: cleanseeds run seeds/ wall = {statistics.median(x[0] for x in got[next(iter(VARIANTS))]):.2f} s  [target <= 3 s]")
    print("# where the fixed cost goes: CPU seconds of each step in one interpreter, in run order (medians)")
    for name, cpu in steps:
        print(f"  {cpu:6.2f} s  {name}")
    print(f"  {sum(c for _, c in steps):6.2f} s  sum of the steps (the rest of a run's CPU: the documents themselves, Parquet, the helper)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
