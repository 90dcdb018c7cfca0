"""Events, not reports: deciding when two coded reports describe one real-world event.

* :mod:`.report`    a report (one coded event in one article) as the rule sees it
* :mod:`.evidence`  the words of a report's evidence sentence, weighted by a background IDF
* :mod:`.words`     the trigger's lemmas and synonym sets, and the dates a sentence states
* :mod:`.model`     the same-event model: a logistic regression whose weights ship as data
* :mod:`.rule`      the pairwise rule (:func:`compare`) and its settings (:class:`Settings`)
* :mod:`.cluster`   incremental clustering: a new report joins the best matching event or starts one

The method and its figures are in ``docs/dedup.md``. Nothing here touches the store:
:mod:`eventlens.store.clusters` feeds it rows and writes the events and mentions.
"""

from .cluster import Candidate, assign
from .report import Report
from .rule import RULE_VERSION, Match, Settings, compare

__all__ = ["RULE_VERSION", "Candidate", "Match", "Report", "Settings", "assign", "compare"]
