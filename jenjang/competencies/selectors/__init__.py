"""Reads of competencies, job standards, assessments and gaps.

- `dictionary`: the competency dictionary and the job standards;
- `requirements`: the two rules (required level, current level) as SQL;
- `gaps`: per employee, heat map per unit, per agency, training needs;
- `people`: the employees and assessments a user may see or assess.
"""

from jenjang.competencies.selectors.dictionary import (
    DefaultGroup,
    DefaultsMatrix,
    StandardRow,
    competency_by_code,
    competency_get,
    competency_list,
    default_groups,
    position_standard_rows,
    standard_defaults_matrix,
)
from jenjang.competencies.selectors.gaps import (
    AgencySummary,
    Cell,
    Gap,
    Heatmap,
    Need,
    TrainingNeeds,
    agency_summary,
    current_levels,
    employee_gaps,
    gap_counts_for,
    training_needs,
    unit_heatmap,
)
from jenjang.competencies.selectors.people import (
    assessment_list_visible_to,
    employee_for_assessment,
    employee_for_profile,
    position_for_standards,
    position_list_for_standards,
)
from jenjang.competencies.selectors.requirements import (
    Requirement,
    position_requirements,
    requirements_for_positions,
)

__all__ = [
    "AgencySummary",
    "Cell",
    "DefaultGroup",
    "DefaultsMatrix",
    "Gap",
    "Heatmap",
    "Need",
    "Requirement",
    "StandardRow",
    "TrainingNeeds",
    "agency_summary",
    "assessment_list_visible_to",
    "competency_by_code",
    "competency_get",
    "competency_list",
    "current_levels",
    "default_groups",
    "employee_for_assessment",
    "employee_for_profile",
    "employee_gaps",
    "gap_counts_for",
    "position_for_standards",
    "position_list_for_standards",
    "position_requirements",
    "position_standard_rows",
    "requirements_for_positions",
    "standard_defaults_matrix",
    "training_needs",
    "unit_heatmap",
]
