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


@pytest.mark.timeout(20)
def test_an_exception_that_cannot_be_made_from_a_message_comes_back_as_its_nearest_base(tmp_path):
    student = tmp_path / "01_anything.py"
    student.write_text("def decode():\n    return b'\\xc3'.decode('utf-8')\n")
    with Subject(student) as subject:
        with pytest.raises(UnicodeError) as raised:  # UnicodeDecodeError needs five arguments
            subject.exercise.decode()
        assert "can't decode byte 0xc3" in str(raised.value)
        assert "raised by your code: UnicodeDecodeError (in decode, line 2" in raised.value.__notes__[0]
