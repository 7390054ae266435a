"""The trusted side of checking: what a test sees of the student's process."""

import pytest

from course_tools.harness import Subject


@pytest.mark.timeout(20)
def test_output_is_only_what_the_students_code_printed(tmp_path):
    student = tmp_path / "01_anything.py"
    student.write_text("print('loading')\n\ndef speak():\n    print('spoken')\n")
    with Subject(student) as subject:
        assert subject.output()[0] == "loading\n"
        subject.exercise.speak()
        # The harness writes a marker each time it reads the output; none may show.
        assert subject.output()[0] == "loading\nspoken\n"
