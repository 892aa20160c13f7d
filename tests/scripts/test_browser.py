# SPDX-License-Identifier: MIT
"""The report in a real browser: headless Chromium loads report.html from disk with the
network cut off, every figure must decode (the page's own check sets
data-images-loaded="all"), and a screenshot is kept beside the test's outputs. A copy with
one corrupted image must be caught, so the check itself is shown to work."""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import unittest

from helpers import FIXTURES, out_dir, run_script

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars",
         # any network request fails: the page must not need one
         "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]
TIMEOUT_S = 40


def chromium(*args):
    """Runs Chromium with a fresh profile; returns stdout. Its whole process group is killed
    on timeout (the browser starts helpers)."""
    with tempfile.TemporaryDirectory(prefix="scalelab-chromium-") as profile:
        process = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)
        try:
            stdout, _ = process.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise AssertionError(f"chromium did not finish within {TIMEOUT_S} s") from None
    return stdout


def body_attributes(dom):
    body = re.search(r"<body([^>]*)>", dom)
    assert body, "no <body> in the dumped DOM"
    return dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(1)))


class BrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.access(CHROMIUM, os.X_OK):
            raise AssertionError("chromium is not installed (scripts/install-deps.sh installs "
                                 "it)")
        cls.dir = out_dir("browser")
        result = run_script("report", os.path.join(FIXTURES, "pi-strong.jsonl"),
                            os.path.join(FIXTURES, "triad-weak.jsonl"), "-o", cls.dir)
        assert result.returncode == 0, result.stderr
        cls.page = os.path.join(cls.dir, "report.html")
        with open(cls.page, encoding="utf-8") as handle:
            cls.html = handle.read()

    def test_every_image_loads(self):
        attributes = body_attributes(chromium("--dump-dom", "file://" + self.page))
        self.assertEqual(attributes.get("data-images-loaded"), "all", attributes)
        self.assertEqual(int(attributes["data-image-count"]), self.html.count("<img "))
        self.assertGreaterEqual(int(attributes["data-image-count"]), 3)

    def test_a_broken_image_is_caught(self):
        self.assertIn("data:image/png;base64,iVBOR", self.html)  # the PNG signature
        broken = os.path.join(self.dir, "broken.html")
        with open(broken, "w", encoding="utf-8") as handle:
            handle.write(self.html.replace("data:image/png;base64,iVBOR",
                                           "data:image/png;base64,AAAAA", 1))
        attributes = body_attributes(chromium("--dump-dom", "file://" + broken))
        self.assertEqual(attributes.get("data-images-loaded"), "missing", attributes)

    def test_screenshot(self):
        shot = os.path.join(self.dir, "report-screenshot.png")
        chromium(f"--screenshot={shot}", "--window-size=1280,2400", "file://" + self.page)
        with open(shot, "rb") as handle:
            self.assertEqual(handle.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(shot), 50_000)  # a rendered page, not a blank one
        print(f"screenshot: {shot}")


if __name__ == "__main__":
    unittest.main()
