"""The ``socketserver-edu`` command: the students' exercise loop and the instructors' lab tools.

Each subcommand is a small function over the modules that do the work:
checker, progress, watch, workspace (students) and release, grader (instructors).
"""

import argparse
import functools
import os
import re
import signal
import sys
import textwrap
import time
from pathlib import Path

from course_tools import checker, grader, release, watch
from course_tools.exercises import SOLUTIONS, catalog
from course_tools.progress import Progress
from course_tools.runner import Isolation, SandboxUnavailable
from course_tools.sandbox import Limits
from course_tools.workspace import Workspace, folder_found_here, inspect_file, reset, select

# Exit statuses: 0 all good, 1 not yet (a failing check, a locked solution), 2 a usage problem.
NOT_YET, USAGE = 1, 2
LIST_WIDTH = 80  # columns: list fits a default terminal


def shown(path):
    """A path as the student would type it: relative to where they are, when it is below."""
    path = Path(path).resolve()
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


def one_exercise(workspace, wanted):
    """The single exercise named wanted (a chapter number is not enough here)."""
    chosen = select(workspace.exercises(), wanted)
    if len(chosen) > 1:
        raise LookupError(f"chapter {wanted} has {len(chosen)} exercises: name one of "
                          + ", ".join(e.name for e in chosen))
    return chosen[0]


# --- students -------------------------------------------------------------------------------

def status_now(exercise, workspace, progress):
    """What list shows for an exercise, from a look at the file and the last check: no test runs."""
    state = inspect_file(exercise, workspace.folder)
    if state.status != "ready":
        line = re.search(r"line (\d+)", state.message)
        return f"{state.status} (line {line[1]})" if line else state.status
    if progress.has_passed(exercise):
        return "done"
    last = progress.last_check(exercise)
    if last is None:
        return "not checked yet"
    if last["status"] == "failing":
        return f"{last['passed']} of {last['total']} pass"
    return last["status"]


def cmd_list(args, workspace):
    exercises = workspace.exercises()
    progress = Progress(workspace)
    width = max((len(e.name) for e in exercises), default=0)
    chapter, statuses = None, {}
    for exercise in exercises:
        statuses[exercise.name] = status = status_now(exercise, workspace, progress)
        if exercise.chapter != chapter:
            chapter = exercise.chapter
            print(f"Chapter {chapter}")
        mark = "[x]" if status == "done" else "[ ]"
        line = f"  {mark} {exercise.name:<{width}}  {status:<16}  {exercise.title}"
        print(line if len(line) <= LIST_WIDTH else line[:LIST_WIDTH - 3] + "...")
    done = sum(status == "done" for status in statuses.values())
    print(f"\n{done} of {len(exercises)} done.", end=" ")
    following = next((name for name, status in statuses.items() if status != "done"), None)
    print(f"Next: {workspace.command('check', following)}" if following else
          "All done: congratulations!")
    return 0


def cmd_check(args, workspace):
    result = checker.check(args.exercise, workspace.folder, test_timeout=args.test_timeout,
                           verbose=args.verbose)
    return 0 if result.ok else NOT_YET


def cmd_hint(args, workspace):
    exercise = one_exercise(workspace, args.exercise)
    progress = Progress(workspace)
    count = len(exercise.hints)
    if args.all:
        progress.all_hints_seen(exercise)
        for number, text in enumerate(exercise.hints, start=1):
            print(f"Hint {number} of {count} for {exercise.name}:\n{indented(text)}\n")
        return 0
    following = progress.next_hint(exercise)
    if following is None:
        print(f"No more hints for {exercise.name}: you have seen all {count}. "
              f"`socketserver-edu hint {exercise.name} --all` shows them again.")
        return 0
    number, text = following
    print(f"Hint {number} of {count} for {exercise.name}:\n{indented(text)}")
    if number < count:
        print(f"(Ask again for the next one: socketserver-edu hint {exercise.name})")
    else:
        print("That was the last hint.")
    return 0


def indented(text):
    return textwrap.fill(text, width=88, initial_indent="  ", subsequent_indent="  ")


def cmd_watch(args, workspace):
    if args.exercise:
        exercise = one_exercise(workspace, args.exercise)
    else:
        exercise = Progress(workspace).next_unfinished(workspace.exercises())
        if exercise is None:
            print("Every exercise passes: nothing to watch. Congratulations!")
            return 0
    say = functools.partial(print, flush=True)  # seen at once, even through a pipe
    # Ctrl-C must stop the watch even if a parent shell started us with SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    watch.watch(lambda: checker.check(exercise.name, workspace.folder, out=say),
                workspace.file(exercise), manual=args.manual, interval=args.interval,
                max_checks=args.max_checks, out=say)
    return 0


def cmd_solution(args, workspace):
    exercise = one_exercise(workspace, args.exercise)
    solution = exercise.file_in(SOLUTIONS)
    passed = Progress(workspace).has_passed(exercise)
    if not solution.exists():  # a student bundle
        if passed:
            print(f"{exercise.name} passes: well done! This copy of the course is the student "
                  "edition, so the reference solutions are not in it: your instructor has "
                  "them and may share them after the lab.")
        else:
            print(f"This copy of the course has no reference solutions (your instructor has "
                  f"them). `socketserver-edu hint {exercise.name}` gives a hint, and "
                  f"`socketserver-edu check {exercise.name}` says what works so far.")
        return NOT_YET if not passed else 0
    if not args.instructor and not passed:
        [result] = checker.evaluate([exercise], workspace.folder, stop_after_timeout=True)
        Progress(workspace).record(result)
        if not result.done:
            # An untouched stub is judged without running its tests: there is no count to give.
            where = (f"{result.passed} of {result.total} behaviours work now" if result.tests
                     else f"now: {result.status}")
            print(f"The solution of {exercise.name} opens once your version passes "
                  f"({where}). Try "
                  f"`socketserver-edu check {exercise.name}` and "
                  f"`socketserver-edu hint {exercise.name}`.")
            return NOT_YET
    print(f"# The reference solution of {exercise.name} ({shown(solution)})\n")
    print(solution.read_text(encoding="utf-8"))
    return 0


def cmd_reset(args, workspace):
    exercise = one_exercise(workspace, args.exercise)
    path = workspace.file(exercise)
    backup = reset(exercise, workspace.folder)
    print(f"{shown(path)} is the fresh stub again.")
    if backup:
        print(f"Your previous version is kept in {shown(backup)}. To go back to it: "
              f"cp {shown(backup)} {shown(path)}")
    return 0


# --- instructors ----------------------------------------------------------------------------

def cmd_release(args, workspace):
    bundle = release.release(args.outdir)
    stubs = len(list((bundle / "exercises").glob("[0-9][0-9]_*.py")))
    print(f"Student bundle written to {shown(bundle)}: {stubs} exercise stubs, no solutions.")
    print("In it, `make lab` opens the course and `socketserver-edu list` shows the exercises.")
    return 0


def cmd_grade(args, workspace):
    exercises = catalog()
    if args.only:
        chosen = [e for wanted in args.only for e in select(exercises, wanted)]
        exercises = list(dict.fromkeys(chosen))  # once each, even if named twice
    limits = Limits(memory_mb=args.memory, cpu_seconds=args.cpu, processes=args.processes)
    isolation = Isolation.best(limits, allow_none=args.no_sandbox)
    started = time.monotonic()
    grades = grader.grade(args.submissions, args.out, exercises, jobs=args.jobs,
                          time_limit=args.timeout, test_timeout=args.test_timeout,
                          isolation=isolation,
                          progress=functools.partial(print, file=sys.stderr, flush=True))
    took = time.monotonic() - started
    each = took / max(len(grades), 1)
    print(f"Graded {len(grades)} submissions in {took:.1f} s ({each:.1f} s each).")
    out = Path(args.out)
    print(f"Wrote {shown(out / 'grades.csv')}, {shown(out / 'grades-wide.csv')} and "
          f"{shown(out / 'feedback')}/.")
    return 0


# --- the command line -----------------------------------------------------------------------

def parser():
    top = argparse.ArgumentParser(
        prog="socketserver-edu", description="Check your exercises, get hints; build and grade labs.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    student = argparse.ArgumentParser(add_help=False)
    student.add_argument("--exercises-dir", type=Path, metavar="DIR",
                         help="your exercise files (default: ./exercises if it holds "
                              "exercise files, else exercises/ of the course)")

    def command(name, function, help, parents=(student,)):
        sub = commands.add_parser(name, help=help, description=help, parents=list(parents))
        sub.set_defaults(function=function)
        return sub

    command("list", cmd_list, "every exercise with its status, and your progress")
    check = command("check", cmd_check, "run the tests of an exercise and say what works")
    check.add_argument("exercise", nargs="?", metavar="EXERCISE|CHAPTER",
                       help="e.g. 02_pipeline or 02 (default: the next unfinished exercise)")
    check.add_argument("--test-timeout", type=float, metavar="S",
                       help="seconds before a test counts as hung (default: the tests' own)")
    check.add_argument("-v", "--verbose", action="store_true",
                       help="also show what your code printed, and the tracebacks")
    hint = command("hint", cmd_hint, "the next hint for an exercise")
    hint.add_argument("exercise")
    hint.add_argument("--all", action="store_true", help="show every hint")
    watching = command("watch", cmd_watch, "check again every time you save the exercise file")
    watching.add_argument("exercise", nargs="?", help="default: the next unfinished exercise")
    watching.add_argument("--manual", action="store_true",
                          help="check again when you press Enter (when saves are not noticed)")
    watching.add_argument("--interval", type=float, default=0.5, help=argparse.SUPPRESS)
    watching.add_argument("--max-checks", type=int, help=argparse.SUPPRESS)  # for scripts and tests
    solution = command("solution", cmd_solution, "the reference solution, once your exercise passes")
    solution.add_argument("exercise")
    # For instructors, in the course repository; not offered to students, and no use in a bundle.
    solution.add_argument("--instructor", action="store_true", help=argparse.SUPPRESS)
    resetting = command("reset", cmd_reset,
                        "start an exercise again from its stub (your version is kept)")
    resetting.add_argument("exercise")

    releasing = command("release", cmd_release,
                        "instructors: write the student bundle (no solutions)", parents=())
    releasing.add_argument("outdir", type=Path)
    grading = command("grade", cmd_grade, "instructors: grade submissions into a CSV and feedback",
                      parents=())
    grading.add_argument("submissions", nargs="+", metavar="SUBMISSION",
                         help="a student's exercises folder or a zip of it, named for the student")
    grading.add_argument("--out", type=Path, required=True, metavar="DIR",
                         help="where grades.csv and feedback/ go")
    grading.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                         help="submissions graded at once (default: one per CPU)")
    grading.add_argument("--timeout", type=float, default=grader.SUBMISSION_TIME_LIMIT, metavar="S",
                         help="seconds for one whole submission (default: %(default)s)")
    grading.add_argument("--test-timeout", type=float, metavar="S",
                         help="seconds before a test counts as hung (default: the tests' own)")
    grading.add_argument("--only", nargs="+", metavar="EXERCISE|CHAPTER",
                         help="grade only these exercises or chapters")
    fresh = Limits()
    grading.add_argument("--memory", type=int, default=fresh.memory_mb, metavar="MB",
                         help="address space for each process of a submission (default: %(default)s)")
    grading.add_argument("--cpu", type=int, default=fresh.cpu_seconds, metavar="S",
                         help="CPU seconds for each process of a submission (default: %(default)s)")
    grading.add_argument("--processes", type=int, default=fresh.processes, metavar="N",
                         help="processes and threads one test of a submission may have at once "
                              "(default: %(default)s)")
    grading.add_argument("--no-sandbox", action="store_true",
                         help="grade even where the sandbox cannot be built (the code then runs "
                              "with your rights: only for submissions you trust)")
    return top


def main(argv=None):
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    folder = getattr(args, "exercises_dir", None) or folder_found_here()
    workspace = Workspace(folder.resolve())
    try:
        return args.function(args, workspace)
    except SandboxUnavailable as why:
        print(f"socketserver-edu {args.command}: this machine cannot build the sandbox that "
              f"keeps student code apart ({why}). Grade on Linux with user namespaces, or pass "
              "--no-sandbox for submissions you trust.", file=sys.stderr)
        return USAGE
    except (LookupError, FileNotFoundError, release.ReleaseError, grader.SubmissionError) as problem:
        print(f"socketserver-edu {args.command}: {problem}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`... | head`): nothing more to say
        sys.stdout = open(os.devnull, "w")  # so the exit's flush does not complain again
        return NOT_YET


if __name__ == "__main__":
    sys.exit(main())
