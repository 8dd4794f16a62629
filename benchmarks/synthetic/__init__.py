"""Synthetic flow models for the benchmarks: a whole ward's data flows at 100, 1,000 or 10,000 nodes.

The model is built from *departments* of 50 nodes each (a section with its systems, terminals, stores, paper
stores, staff, media, contractors and their subcontractors, cloud services, LGWAN-ASP services, national and
public bodies, medical institutions and residents), about five flows per node, mostly LGWAN / internal links
inside the ward with a share of general-line, dedicated, e-mail, FAX, paper and media hand-overs. Zones nest
(ward premises ⊃ My-Number / LGWAN / internet zones ⊃ one zone per department; cloud regions, some of them
overseas, ⊃ one tenant zone per cloud service). Some protections and attributes are left ``unknown`` on
purpose, the way real drafts are. The random choices are seeded, so a size always gives the same file.

``tables`` holds what the ward is drawn from, ``model`` the whole, ``departments`` / ``nodes`` / ``flows`` the
parts, ``yaml_writer`` the file.
"""

from benchmarks.synthetic.model import build_model
from benchmarks.synthetic.tables import SEED
from benchmarks.synthetic.yaml_writer import to_yaml

__all__ = ["SEED", "build_model", "to_yaml"]
