"""Packaging: the app's package plus the top-level templates/, static/ and
migrations/ folders, installed as survey_service/templates, …/static and
…/migrations so an installed wheel serves the app (metadata: pyproject.toml)."""

from setuptools import find_packages, setup

BUNDLED = {"templates": "templates", "static": "static", "migrations": "migrations"}

setup(
    packages=[
        *find_packages(include=["survey_service", "survey_service.*"]),
        *(f"survey_service.{name}" for name in BUNDLED),
    ],
    package_dir={f"survey_service.{name}": folder for name, folder in BUNDLED.items()},
    package_data={
        "survey_service": ["data/*.txt", "translations/*/LC_MESSAGES/*"],
        **{f"survey_service.{name}": ["**/*"] for name in BUNDLED},
    },
    py_modules=["config", "wsgi"],
)
