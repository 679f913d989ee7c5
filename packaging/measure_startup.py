"""Compare start-up times: the installed package against the source tree (the venv's briefing-app).

    .venv/bin/python packaging/measure_startup.py [--runs N] [DEB]

DEB defaults to the newest one `make package` built in build/. It is unpacked into a temporary folder
with dpkg-deb -x. Each command runs N times (default 5) in each form, alternating the forms so that
both meet the same load on a shared machine, after one warm-up run each (file cache filled); the
median wall time and CPU time (user + system) are printed for `validate`, `export --format csv`,
`sheet` (when this build has it) offscreen, and for the main window until it is visible on an X
screen (Xvfb, found with xdotool), after which it is ended.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command_time(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run."""
    started, cpu = time.perf_counter(), child_cpu()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, child_cpu() - cpu


def window_time(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds until the program's first window is visible, then the program is ended.
    xdotool is asked every 10 ms (its own --sync waits half a second between looks); the CPU figure
    includes xdotool's runs and ending the program, a few tens of milliseconds."""
    started, cpu = time.perf_counter(), child_cpu()
    program = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        search = ["xdotool", "search", "--onlyvisible", "--pid", str(program.pid)]
        while subprocess.run(search, env=env, stdout=subprocess.DEVNULL).returncode != 0:
            if program.poll() is not None or time.perf_counter() - started > 120:
                raise RuntimeError(f"{command[0]} showed no window")
            time.sleep(0.01)
        wall = time.perf_counter() - started
    finally:
        program.terminate()
        program.wait(timeout=30)
    return wall, child_cpu() - cpu


def interleaved(measure, programs: list[str], runs: int) -> list[tuple[float, float]]:
    """Median (wall, CPU) of each program over ``runs`` alternating runs, after a warm-up run each."""
    samples: list[list[tuple[float, float]]] = [[] for _ in programs]
    for program in programs:
        measure(program)
    for _ in range(runs):
        for index, program in enumerate(programs):
            samples[index].append(measure(program))
    return [(statistics.median(s[0] for s in runs_of), statistics.median(s[1] for s in runs_of)) for runs_of in samples]


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """Xvfb on a free display number, which it writes to the pipe."""
    read_end, write_end = os.pipe()
    # -noreset: otherwise the server resets (refusing connections) each time xdotool, its only client
    # before the program connects, disconnects.
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1366x768x24", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        return server, ":" + pipe.readline().strip()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deb", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    deb = args.deb or max((REPO / "build").glob("briefing-app_*.deb"), key=lambda p: p.stat().st_mtime)

    with tempfile.TemporaryDirectory(prefix="briefing-startup-") as temp:
        temp = Path(temp)
        subprocess.run(["dpkg-deb", "-x", str(deb), str(temp / "root")], check=True)
        installed = temp / "root" / "opt" / "briefing-app" / "briefing-app"
        programs = [str(REPO / ".venv" / "bin" / "briefing-app"), str(installed)]
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRIEFING_APP_CONFIG_DIR=str(temp / "config"),
                   BRIEFING_APP_LOG_DIR=str(temp / "log"))
        commands = {
            "validate": ["validate", str(REPO / "data" / "dataset.json")],
            "export --format csv": ["export", "--format", "csv", "-o", str(temp / "out.csv")],
        }
        if (REPO / "src" / "briefing_app" / "sheets" / "cli.py").exists():
            commands["sheet --sector health (PDF)"] = ["sheet", "--sector", "health", "-o", str(temp / "out.pdf")]

        rows = []
        for label, arguments in commands.items():
            def run_command(program: str) -> tuple[float, float]:
                return command_time([program, *arguments], env)

            rows.append((label, *interleaved(run_command, programs, args.runs)))
        server, display = start_xvfb()
        try:
            gui_env = dict(env, DISPLAY=display, QT_QPA_PLATFORM="xcb")
            def open_window(program: str) -> tuple[float, float]:
                return window_time([program], gui_env)

            rows.append(("window visible (Xvfb)", *interleaved(open_window, programs, args.runs)))
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(f"Median of {args.runs} runs, seconds, wall / CPU ({deb.name}; load average {os.getloadavg()[0]:.1f})")
    print("| command | source tree | installed |")
    print("| --- | ---: | ---: |")
    for label, (source_wall, source_cpu), (installed_wall, installed_cpu) in rows:
        print(f"| {label} | {source_wall:.2f} / {source_cpu:.2f} | {installed_wall:.2f} / {installed_cpu:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
