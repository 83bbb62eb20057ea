"""WSGI entry point: ``gunicorn wsgi:app``, and ``flask --app wsgi <command>``."""

from survey_service import create_app

app = create_app()
