"""Writing output when the file system says no: a clear error, the old file kept whole,
no temporary file left behind (issue 11)."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoinvest import output
from geoinvest.cli import main
from geoinvest.errors import GeoinvestError, OutputError
from geoinvest.output import write_text_atomic

GEO = Path(__file__).parent / "data" / "geocode"
REPO = Path(__file__).parent.parent


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def old(tmp_path: Path) -> Path:
    """An existing output file whose bytes must survive a failed write."""
    path = tmp_path / "out" / "map.html"
    path.parent.mkdir()
    path.write_bytes(b"<p>the old map</p>\n")
    return path


# -- the library: write_text_atomic ----------------------------------------------------


def test_parent_is_a_file(tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder\n")
    with pytest.raises(OutputError) as err:
        write_text_atomic(blocker / "sub" / "map.html", "x")
    assert str(err.value) == (
        f"cannot write {blocker}/sub/map.html: {blocker} is a file, not a folder; "
        "write to a path inside a folder"
    )
    assert blocker.read_text() == "not a folder\n"


def test_target_is_a_folder(tmp_path):
    (tmp_path / "map.html").mkdir()
    with pytest.raises(OutputError, match=r"map.html is a folder; give the path of a file"):
        write_text_atomic(tmp_path / "map.html", "x")
    assert temporaries(tmp_path) == []


def _raise(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


def test_disk_full_while_writing_keeps_the_old_file(old, monkeypatch):
    """ENOSPC from the write itself (simulated: a write wrapper that raises it)."""
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, text):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name):
            return getattr(self.f, name)

    monkeypatch.setattr(output.os, "fdopen", lambda *a, **k: Full(real_fdopen(*a, **k)))
    with pytest.raises(OutputError) as err:
        write_text_atomic(old, "<p>the new map</p>\n")
    assert str(err.value) == (
        f"cannot write {old}: the disk is full; free some space or write to another disk"
    )
    assert old.read_bytes() == b"<p>the old map</p>\n"
    assert temporaries(old.parent) == []


def test_disk_full_on_fsync(old, monkeypatch):
    monkeypatch.setattr(output.os, "fsync", _raise(errno.ENOSPC))
    with pytest.raises(OutputError, match="the disk is full"):
        write_text_atomic(old, "<p>the new map</p>\n")
    assert old.read_bytes() == b"<p>the old map</p>\n"
    assert temporaries(old.parent) == []


def test_permission_denied_simulated(old, monkeypatch):
    """Tests run as root, where chmod does not stop a write: the refusal is simulated
    here (mkstemp raises EACCES); test_permission_denied_as_nobody is the real one."""
    monkeypatch.setattr(output.tempfile, "mkstemp", _raise(errno.EACCES))
    with pytest.raises(OutputError) as err:
        write_text_atomic(old, "new")
    assert str(err.value) == (
        f"cannot write {old}: permission denied in {old.parent}; "
        "write to a folder you can write to, or ask for write access"
    )
    assert old.read_bytes() == b"<p>the old map</p>\n"


def test_rename_fails_removes_the_temporary(old, monkeypatch):
    monkeypatch.setattr(output.os, "replace", _raise(errno.EIO))
    with pytest.raises(OutputError, match=r"cannot write .*map.html: Input/output error"):
        write_text_atomic(old, "new")
    assert old.read_bytes() == b"<p>the old map</p>\n"
    assert temporaries(old.parent) == []


def test_output_error_is_an_oserror_and_a_geoinvest_error():
    assert issubclass(OutputError, GeoinvestError)
    assert issubclass(OutputError, OSError)


# -- the commands that write -----------------------------------------------------------


def test_build_parent_is_a_file(project):
    blocker = project / "README"
    blocker.write_text("x\n")
    result = run("build", "test", "-o", blocker / "test.html", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write {blocker}/test.html: {blocker} is a file, not a folder; "
        "write to a path inside a folder\n"
    )
    assert "Traceback" not in result.output


def test_build_disk_full_keeps_the_old_map(project, monkeypatch):
    out = project / "out" / "test.html"
    out.parent.mkdir()
    out.write_bytes(b"old map\n")
    monkeypatch.setattr(output.os, "fsync", _raise(errno.ENOSPC))
    result = run("build", "test", "-o", out, "--root", project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write {out}: the disk is full; free some space or write to another disk\n"
    )
    assert out.read_bytes() == b"old map\n"
    assert temporaries(out.parent) == []


def test_geocode_disk_full_keeps_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "placed.csv"
    out.write_bytes(b"old,table\n")
    monkeypatch.setattr(output.os, "fsync", _raise(errno.ENOSPC))
    result = run("geocode", GEO / "all_matched.csv", "-o", out, "--place-col", "lugar",
                 "--admin1-col", "departamento")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write {out}: the disk is full; free some space or write to another disk\n"
    )
    assert out.read_bytes() == b"old,table\n"
    assert temporaries(tmp_path) == []


def test_geocode_permission_denied_simulated(tmp_path, monkeypatch):
    out = tmp_path / "placed.geojson"
    out.write_bytes(b"{}\n")
    monkeypatch.setattr(output.tempfile, "mkstemp", _raise(errno.EACCES))
    result = run("geocode", GEO / "all_matched.csv", "-o", out, "--place-col", "lugar",
                 "--admin1-col", "departamento")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot write {out}: permission denied in ")
    assert out.read_bytes() == b"{}\n"


# -- real file systems -----------------------------------------------------------------


def _as_nobody() -> list[str] | None:
    """A command prefix that runs as the unprivileged user nobody, or None."""
    if os.geteuid() != 0:
        return []  # already unprivileged
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]


@pytest.fixture
def open_folder():
    """A folder under the system temp folder that any user can reach (pytest's tmp_path
    is private to root); it is removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="geoinvest-test-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path)


def test_permission_denied_as_nobody(open_folder):
    """A real EACCES: geoinvest run as nobody writes into a folder only root may write
    (mode 755, owned by root)."""
    prefix = _as_nobody()
    if prefix is None:
        pytest.fail("setpriv is needed to run this test as an unprivileged user")
    folder = open_folder / "locked"
    folder.mkdir(mode=0o755)
    target = folder / "map.html"
    target.write_bytes(b"old\n")
    script = (
        "import sys\n"
        "from geoinvest.output import write_text_atomic\n"
        "from geoinvest.errors import OutputError\n"
        "try:\n"
        "    write_text_atomic(sys.argv[1], 'new')\n"
        "except OutputError as exc:\n"
        "    print(exc)\n"
        "    sys.exit(1)\n"
    )
    # nobody may not reach this checkout or its virtual environment (a clone in a private
    # temporary folder, a venv under /root): give it the three stdlib-only modules the
    # writer needs, in the open folder, and the system's Python.
    package = open_folder / "lib" / "geoinvest"
    package.mkdir(parents=True)
    for name in ("__init__.py", "errors.py", "output.py"):
        shutil.copy(REPO / "geoinvest" / name, package / name)
    for path in (package.parent, package, *package.iterdir()):
        path.chmod(0o755)
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    env = {**os.environ, "PYTHONPATH": str(package.parent)}
    ready = subprocess.run(
        [*prefix, python, "-c", "import geoinvest.output"],
        capture_output=True, text=True, cwd="/", env=env,
    )  # fmt: skip
    assert ready.returncode == 0, f"nobody cannot import geoinvest: {ready.stderr}"
    proc = subprocess.run(
        [*prefix, python, "-c", script, str(target)],
        capture_output=True, text=True, cwd="/", env=env,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == (
        f"cannot write {target}: permission denied in {folder}; "
        "write to a folder you can write to, or ask for write access\n"
    )
    assert target.read_bytes() == b"old\n"
    assert temporaries(folder) == []


@pytest.fixture
def tiny_mount(tmp_path):
    """A real 64 KiB tmpfs (root only); yields a function that remounts it read-only."""
    point = tmp_path / "tiny"
    point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(point)])
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the monkeypatched tests cover it")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=True)


def test_real_disk_full_on_a_tiny_tmpfs(tiny_mount):
    """The extra, real version of the ENOSPC tests above (skipped where mount is refused)."""
    target = tiny_mount / "map.html"
    target.write_bytes(b"old\n")
    with pytest.raises(OutputError, match="the disk is full; free some space"):
        write_text_atomic(target, "x" * 200_000)
    assert target.read_bytes() == b"old\n"
    assert temporaries(tiny_mount) == []


def test_real_read_only_folder(tiny_mount):
    """A read-only file system refuses root too: the real read-only folder case."""
    target = tiny_mount / "map.html"
    target.write_bytes(b"old\n")
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_mount)], check=True)
    with pytest.raises(OutputError) as err:
        write_text_atomic(target, "new")
    assert str(err.value) == (
        f"cannot write {target}: {tiny_mount} is on a read-only file system; write somewhere else"
    )
    assert target.read_bytes() == b"old\n"


# -- temporaries a killed write left ---------------------------------------------------


def test_stale_temporaries_of_the_same_target_are_removed(tmp_path):
    target = tmp_path / "peru.html"
    stale = tmp_path / ".peru.html.ab12_x9z.tmp"
    stale.write_text("half a map")
    old_time = time.time() - 60
    os.utime(stale, (old_time, old_time))
    others = [
        tmp_path / ".colombia.html.ab12_x9z.tmp",  # another target's
        tmp_path / "peru.html.ab12_x9z.tmp",  # not hidden: not ours
        tmp_path / ".peru.html.tmp",  # no random part
        tmp_path / ".peru.html.ab12.x.tmp",  # dotted middle: not what mkstemp makes
    ]
    for path in others:
        path.write_text("keep me")
        os.utime(path, (old_time, old_time))
    write_text_atomic(target, "new")
    assert target.read_text() == "new"
    assert not stale.exists()
    assert all(p.exists() for p in others)


def test_a_temporary_newer_than_this_write_is_left_alone(tmp_path):
    """One made after this write began belongs to a write still running."""
    target = tmp_path / "peru.html"
    newer = tmp_path / ".peru.html.zz99.tmp"
    newer.write_text("being written")
    future = time.time() + 60
    os.utime(newer, (future, future))
    write_text_atomic(target, "new")
    assert newer.exists()


def test_relative_target_keeps_its_own_temporary(tmp_path, monkeypatch):
    """The cleanup must not take this write's own temporary for a stale one (file times
    can lag the clock by a tick, and a relative path names it differently)."""
    monkeypatch.chdir(tmp_path)
    for n in range(20):
        write_text_atomic(Path("o.csv"), f"v{n}")
        write_text_atomic(Path("sub") / "o.csv", f"v{n}")
    assert Path("o.csv").read_text() == "v19"
    assert temporaries(tmp_path) == []


SLOW_WRITER = textwrap.dedent(
    """
    import sys, time
    from geoinvest.output import write_text_atomic

    def pieces():
        for n in range(10_000):
            if n == 3:
                print("writing", flush=True)
            yield "<p>piece %d</p>\\n" % n
            time.sleep(0.01)

    write_text_atomic(sys.argv[1], pieces())
    """
)


def _kill_when_writing(argv: list[str], marker: str = "writing") -> None:
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}
    )
    try:
        assert proc.stdout.readline().strip() == marker
        time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL


def test_kill_9_mid_write_then_the_next_write_cleans_up(tmp_path):
    target = tmp_path / "out" / "peru.html"
    target.parent.mkdir()
    target.write_bytes(b"old map\n")
    _kill_when_writing([sys.executable, "-c", SLOW_WRITER, str(target)])
    left = temporaries(target.parent)
    assert len(left) == 1 and left[0].startswith(".peru.html.")  # what the kill left
    assert target.read_bytes() == b"old map\n"
    time.sleep(1.1)  # a temporary counts as stale once it is a second older than the write
    write_text_atomic(target, "new map\n")
    assert target.read_text() == "new map\n"
    assert temporaries(target.parent) == []


# -- geocode's output ------------------------------------------------------------------


def test_geocode_output_equal_to_input_is_refused(tmp_path):
    src = tmp_path / "places.csv"
    shutil.copy(GEO / "all_matched.csv", src)
    before = src.read_bytes()
    for same in (src, tmp_path / "." / "places.csv"):
        result = run("geocode", src, "-o", same, "--place-col", "lugar")
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {same}: writing there would overwrite the input {src}; write to another file\n"
        )
    assert src.read_bytes() == before


def test_geocode_output_equal_to_the_gazetteer_is_refused(tmp_path):
    gaz = tmp_path / "mine.csv"
    shutil.copy(GEO / "user_gazetteer.csv", gaz)
    before = gaz.read_bytes()
    result = run("geocode", GEO / "all_matched.csv", "-o", gaz, "--place-col", "lugar",
                 "--gazetteer", gaz)  # fmt: skip
    assert result.exit_code == 1
    assert "would overwrite the input" in result.stderr
    assert gaz.read_bytes() == before


@pytest.mark.parametrize("name", ["placed.csv", "placed.geojson"])
def test_geocode_creates_a_missing_output_folder(tmp_path, name):
    out = tmp_path / "new" / "deeper" / name
    result = run("geocode", GEO / "all_matched.csv", "-o", out, "--place-col", "lugar",
                 "--admin1-col", "departamento")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert temporaries(out.parent) == []


SLOW_GEOCODE_WRITE = textwrap.dedent(
    """
    import os, sys, time
    import pandas as pd
    from geoinvest.placefile import write_places

    real_fsync = os.fsync

    def slow_fsync(fd):
        # Everything is in the temporary file; the rename has not happened yet.
        print("writing", flush=True)
        time.sleep(60)
        real_fsync(fd)

    os.fsync = slow_fsync
    df = pd.DataFrame({"place": ["Lima"] * 1000, "latitude": [-12.05] * 1000,
                       "longitude": [-77.04] * 1000})
    write_places(df, sys.argv[1])
    """
)


@pytest.mark.parametrize("name", ["placed.csv", "placed.geojson"])
def test_kill_9_during_a_geocode_write_keeps_the_old_file(tmp_path, name):
    import pandas as pd

    from geoinvest.placefile import write_places

    target = tmp_path / name
    target.write_bytes(b"the old table, whole\n")
    _kill_when_writing([sys.executable, "-c", SLOW_GEOCODE_WRITE, str(target)])
    assert target.read_bytes() == b"the old table, whole\n"
    assert len(temporaries(tmp_path)) == 1
    time.sleep(1.1)
    write_places(pd.DataFrame({"place": ["Lima"], "latitude": [1.0], "longitude": [2.0]}), target)
    assert temporaries(tmp_path) == []
    assert "Lima" in target.read_text()


def test_geojson_gets_no_point_from_coordinates_that_are_not_numbers(tmp_path):
    import json

    import pandas as pd

    from geoinvest.placefile import write_places

    df = pd.DataFrame(
        {"place": ["a", "b", "c"], "latitude": [-12.05, "-12,05", None],
         "longitude": [-77.04, "-77,04", -77.0]}
    )  # fmt: skip
    write_places(df, tmp_path / "p.geojson")
    features = json.loads((tmp_path / "p.geojson").read_text())["features"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [-77.04, -12.05]}
    assert features[1]["geometry"] is None
    assert features[1]["properties"]["latitude"] == "-12,05"
    assert features[2]["geometry"] is None


@pytest.mark.parametrize("name", ["maps/test.toml", "layers/mines.csv", "layers/layers.toml"])
def test_build_output_equal_to_an_input_is_refused(project, name):
    target = project / name
    before = target.read_bytes()
    result = run("build", "test", "-o", target, "--root", project)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {target}: writing there would overwrite the input ")
    assert result.stderr.endswith("; write to another file\n")
    assert target.read_bytes() == before
