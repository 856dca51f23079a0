"""Every API schema has a name of its own in the OpenAPI components.

django-ninja names a component after its class, so two apps that both call a
schema `SessionOut` would leave one of them described by the other's fields.
"""

from collections import defaultdict

from ninja import Schema

import jenjang.api  # noqa: F401  (mounts every app's router)


def _schema_classes(base=Schema):
    for sub in base.__subclasses__():
        yield sub
        yield from _schema_classes(sub)


def test_no_two_api_schemas_share_a_name():
    modules = defaultdict(set)
    for cls in _schema_classes():
        if cls.__module__.startswith("jenjang."):
            modules[cls.__name__].add(cls.__module__)
    shared = {name: sorted(mods) for name, mods in modules.items() if len(mods) > 1}
    assert shared == {}


def test_the_openapi_components_keep_each_apps_own_fields():
    components = jenjang.api.api.get_openapi_schema()["components"]["schemas"]
    for one, other in [
        ("MentoringSessionOut", "TrainingSessionOut"),
        ("EventQuestionOut", "QuestionOut"),
    ]:
        assert components[one]["properties"] != components[other]["properties"]
