"""05_child_reports, wrong: collect_reports() decodes each chunk it reads to text before
joining the chunks, and splits the text into reports at the end.

Working with str from the start feels simpler, and it passes on plain ASCII. But a read
can end in the middle of a character of several bytes (é, €), and decoding half a
character raises UnicodeDecodeError: decode only whole reports.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('        data = b""\n', '        data = ""\n'),
    ("            data += chunk\n", "            data += chunk.decode()\n"),
    ("        self.reports.extend(line.decode() for line in data.splitlines())\n",
     "        self.reports.extend(data.splitlines())\n"),
]
