"""Importing rows into layers: a file (or an ACLED or GEM download) becomes new rows of
registered layers, never doubled, every rejected row written beside the input with why.

The flow (``run.import_batches``), one module per concern::

    a file ──readers.read_table──> RawTable
      ──adapters (plain, acled, gem)──> [Batch]: rows for one layer each, in schema columns
      ──prepare: geocode rows without coordinates (geocode.geocode_frame), ids from
        content (ids), every row checked by the layer rules (check.check_layer,
        check_countries)──> accepted rows + rejected rows with reasons
      ──merge: against the layer's rows in the store (same id or same content: already
        present; --update replaces)──> the layer's new rows
      ──store.write_layer / store.add_layer (unless --dry-run)
      ──rejected.write_rejected──> FILE.rejected.csv
"""

from geoinvest.importing.batch import Batch, BatchReport, Report
from geoinvest.importing.run import import_batches

__all__ = ["Batch", "BatchReport", "Report", "import_batches"]
