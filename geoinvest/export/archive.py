"""Zip archives (KMZ, XLSX) whose bytes depend only on what they hold: every entry gets
the same fixed time, so two exports of the same layers are byte-identical."""

from __future__ import annotations

import os
import zipfile

# The earliest time a zip entry can hold (1980-01-01 00:00:00).
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class FixedTimeZipFile(zipfile.ZipFile):
    """A ZipFile whose ``writestr`` and ``write`` stamp entries with FIXED_ZIP_TIME
    (the standard library stamps them with the clock)."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_ZIP_TIME)
            info.compress_type = self.compression if compress_type is None else compress_type
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        """Add a file's bytes as ``writestr`` does (openpyxl writes sheets this way; the
        standard library would stamp them with the file's time)."""
        with open(filename, "rb") as f:
            data = f.read()
        name = arcname if arcname is not None else os.path.basename(filename)
        self.writestr(str(name), data, compress_type, compresslevel)
