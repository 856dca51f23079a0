from jenjang.talent.tests.factories import predikat  # noqa: F401
