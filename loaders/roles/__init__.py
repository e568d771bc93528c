"""Agency roles on tasks: who leads, supports, is responsible, guides or acts jointly.

Public face: `document_roles(text, units, mentions)` -> one `UnitRoles` per unit, with the
agencies' roles, deadlines and targets and their spans. The cue words are in
data/lexicon/roles.csv; the rules are in the modules' docstrings (notes, duties, conventions,
tables, deadlines) and the gold they are scored on in data/gold/roles/.
"""

from policykg.graph.model import Role
from policykg.loaders.roles.extract import UnitSpan, document_roles
from policykg.loaders.roles.model import AgencyRole, AgencySpan, Stated, UnitRoles

__all__ = ["AgencyRole", "AgencySpan", "Role", "Stated", "UnitRoles", "UnitSpan", "document_roles"]
