"""What the student has done so far: hints seen, and which file versions passed their tests.

Kept in ``.socketserver-edu/progress.json`` next to the exercises folder (git-ignored).
A pass is remembered with a hash of the file that passed, so an edit makes the
exercise unfinished again until it is checked.
"""

import json
import os
from pathlib import Path

from course_tools.workspace import fingerprint


class Progress:
    """The student's progress in one workspace; every change is saved at once."""

    def __init__(self, workspace):
        self.workspace = workspace
        self.path = Path(workspace.state_folder) / "progress.json"
        try:
            self.data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            self.data = {}  # first use, or a file broken by hand: start afresh
        self.data.setdefault("hints_seen", {})
        self.data.setdefault("passed", {})
        self.data.setdefault("checked", {})  # name -> the last check: its file, status, score

    def save(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        scratch = self.path.with_suffix(".tmp")
        scratch.write_text(json.dumps(self.data, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(scratch, self.path)  # all or nothing, even if interrupted

    # --- hints ---------------------------------------------------------------------------

    def next_hint(self, exercise):
        """(number, text) of the next hint not yet seen, counting from 1; None when all are seen."""
        seen = self.data["hints_seen"].get(exercise.name, 0)
        if seen >= len(exercise.hints):
            return None
        self.data["hints_seen"][exercise.name] = seen + 1
        self.save()
        return seen + 1, exercise.hints[seen]

    def all_hints_seen(self, exercise):
        self.data["hints_seen"][exercise.name] = len(exercise.hints)
        self.save()

    # --- passes --------------------------------------------------------------------------

    def record(self, result):
        """Remember how the exercise's current file fared (an ExerciseResult)."""
        name = result.exercise.name
        now = fingerprint(self.workspace.file(result.exercise))
        if result.status == "done":
            self.data["passed"][name] = now
        else:
            self.data["passed"].pop(name, None)
        self.data["checked"][name] = {"file": now, "status": result.status,
                                      "passed": result.passed, "total": result.total}
        self.save()

    def last_check(self, exercise):
        """{"status", "passed", "total"} of the last check of the file as it is now, or None."""
        checked = self.data["checked"].get(exercise.name)
        current = fingerprint(self.workspace.file(exercise))
        return checked if checked and checked.get("file") == current else None

    def has_passed(self, exercise):
        """True if the file as it is now is the one that last passed."""
        recorded = self.data["passed"].get(exercise.name)
        return recorded is not None and recorded == fingerprint(self.workspace.file(exercise))

    def next_unfinished(self, exercises):
        """The first exercise, in course order, whose file as it is has not passed; or None."""
        return next((e for e in exercises if not self.has_passed(e)), None)
