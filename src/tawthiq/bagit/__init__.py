"""BagIt (RFC 8493) bags read and validated, for bags made by any tool: no database, no network, no accounts.

``validate_bag(path)`` says whether a directory is a complete and valid bag of BagIt 0.93 to 1.0, with one finding
(English and Arabic) per problem or warning. It never follows a link, never opens a path outside the bag, never
fetches what ``fetch.txt`` lists, and never raises for what it finds in the bag. The Tawthiq signature of evidence
packages is checked above it, in ``services/evidence/packages.py``.
"""

from tawthiq.bagit.report import BagCheck as BagCheck, Finding as Finding
from tawthiq.bagit.validate import validate_bag as validate_bag
