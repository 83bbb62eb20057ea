"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.

A test runs schemathesis against it: every documented status code and schema
must hold for generated and hostile requests, so this file and the views
change together.
"""

from __future__ import annotations

from typing import Any

NULLABLE_NUMBER = {"type": ["number", "null"]}
ERRORS = {
    code: {
        "description": text,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
        },
    }
    for code, text in (
        ("400", "Malformed request"),
        ("401", "Missing or bad token"),
        (
            "403",
            "The token's role may not do this, or the unit or employee lies "
            "outside the token's units",
        ),
        ("404", "Not found"),
    )
}
PERIOD = {
    "name": "period",
    "in": "query",
    "required": True,
    "description": (
        "Appraisal period by its code: 2026-11 (November 2026), 2026-Q4 "
        "(Triwulan IV 2026: October to December), 2026-S2 (Semester II 2026: "
        "July to December) or 2026 (the year). A week is not an appraisal "
        "period. Pages name periods in words; the API and exports use codes."
    ),
    "schema": {"type": "string", "maxLength": 20},
    "examples": {
        "month": {"value": "2026-11", "summary": "November 2026"},
        "quarter": {"value": "2026-Q4", "summary": "Triwulan IV 2026"},
        "half-year": {"value": "2026-S2", "summary": "Semester II 2026"},
        "year": {"value": "2026", "summary": "Tahun 2026"},
    },
}

INDICATOR_PROPERTIES: dict[str, Any] = {
    "snapshot_id": {
        "type": ["integer", "null"],
        "description": "Stable id of the frozen snapshot (null while open)",
    },
    "period": {"type": "string"},
    "nip": {"type": "string"},
    "name": {"type": "string"},
    "position": {"type": "string"},
    "unit_code": {"type": "string"},
    "responses": {"type": "integer", "minimum": 0},
    "indicator": NULLABLE_NUMBER,
    "interval_low": NULLABLE_NUMBER,
    "interval_high": NULLABLE_NUMBER,
    "raw_mean": NULLABLE_NUMBER,
    "target": {"type": "number"},
    "position_against_target": {
        "type": "string",
        "enum": [
            "above_target",
            "consistent_with_target",
            "below_target",
            "not_assessable",
        ],
    },
    "method_version": {"type": "string"},
    "checksum": {"type": ["string", "null"]},
}

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Survei Kepuasan API",
        "version": "1",
        "description": "Satisfaction indicators for appraisal (Permenpan RB 6/2022) "
        "and one-time survey tickets. Bearer tokens come from "
        "`flask --app wsgi tokens create` and carry their user's role "
        'and units. Errors are JSON: {"error": {status, message}}.',
    },
    "servers": [{"url": "/"}],
    "security": [{"bearer": []}],
    "paths": {
        "/api/v1/tickets": {
            "post": {
                "summary": "Issue a one-time survey ticket (queue-ticket machines)",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["counter"],
                                "properties": {
                                    "counter": {"type": "string", "maxLength": 64},
                                    "employee": {"type": "string", "maxLength": 64},
                                    "service": {"type": "string", "maxLength": 64},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "Issued",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Ticket"}
                            }
                        },
                    },
                    **ERRORS,
                },
            }
        },
        "/api/v1/indicators": {
            "get": {
                "summary": "Employees' indicators for an appraisal period, paginated",
                "parameters": [
                    PERIOD,
                    {"name": "unit", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "page",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 100000},
                    },
                    {
                        "name": "per_page",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 500},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "A page of indicators",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/IndicatorPage"}
                            }
                        },
                    },
                    **ERRORS,
                },
            }
        },
        "/api/v1/employees/{nip}/indicator": {
            "get": {
                "summary": "One employee's indicator for an appraisal period",
                "parameters": [
                    {
                        "name": "nip",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    PERIOD,
                ],
                "responses": {
                    "200": {
                        "description": "The indicator",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "$ref": "#/components/schemas/EmployeeIndicator"
                                }
                            }
                        },
                    },
                    **ERRORS,
                },
            }
        },
        "/api/v1/units/{code}/weekly": {
            "get": {
                "summary": "A unit's summary for one ISO week",
                "parameters": [
                    {
                        "name": "code",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "week",
                        "in": "query",
                        "required": True,
                        "description": "ISO week, e.g. 2026-W47",
                        "schema": {"type": "string", "maxLength": 20},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "The week",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Weekly"}
                            }
                        },
                    },
                    **ERRORS,
                },
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "summary": "This document",
                "security": [],
                "responses": {
                    "200": {
                        "description": "OpenAPI 3.1",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": {
                        "type": "object",
                        "required": ["status", "message"],
                        "properties": {
                            "status": {"type": "integer"},
                            "message": {"type": "string"},
                        },
                    }
                },
            },
            "Ticket": {
                "type": "object",
                "required": [
                    "ticket_id",
                    "url",
                    "short_url",
                    "whatsapp_url",
                    "expires_at",
                    "counter",
                ],
                "properties": {
                    "ticket_id": {"type": "integer"},
                    "url": {"type": "string"},
                    "short_url": {"type": "string"},
                    "whatsapp_url": {"type": "string"},
                    "expires_at": {"type": "string"},
                    "counter": {"type": "string"},
                },
            },
            "Indicator": {
                "type": "object",
                "required": list(INDICATOR_PROPERTIES),
                "properties": INDICATOR_PROPERTIES,
            },
            "EmployeeIndicator": {
                "type": "object",
                "required": ["frozen", *INDICATOR_PROPERTIES],
                "properties": {"frozen": {"type": "boolean"}, **INDICATOR_PROPERTIES},
            },
            "IndicatorPage": {
                "type": "object",
                "required": ["period", "frozen", "page", "per_page", "total", "items"],
                "properties": {
                    "period": {"type": "string"},
                    "frozen": {"type": "boolean"},
                    "page": {"type": "integer"},
                    "per_page": {"type": "integer"},
                    "total": {"type": "integer"},
                    "items": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Indicator"},
                    },
                },
            },
            "Weekly": {
                "type": "object",
                "required": [
                    "unit",
                    "week",
                    "responses",
                    "index",
                    "interval_low",
                    "interval_high",
                    "grade",
                    "reliability",
                    "flagged",
                    "elements",
                ],
                "properties": {
                    "unit": {"type": "string"},
                    "week": {"type": "string"},
                    "responses": {"type": "integer"},
                    "index": NULLABLE_NUMBER,
                    "interval_low": NULLABLE_NUMBER,
                    "interval_high": NULLABLE_NUMBER,
                    "grade": {"type": ["string", "null"]},
                    "reliability": {"type": "string"},
                    "flagged": {"type": "integer"},
                    "elements": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["code", "mean", "answers"],
                            "properties": {
                                "code": {"type": "string"},
                                "mean": NULLABLE_NUMBER,
                                "answers": {"type": "integer"},
                            },
                        },
                    },
                    "questionnaire_versions": {
                        "description": "The questionnaire versions the week's "
                        "counted answers were given under (more than one: the "
                        "wording changed during the week).",
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "version": {"type": "integer"},
                                "owner": {"enum": ["unit", "city"]},
                                "first_day": {"type": "string", "format": "date"},
                                "last_day": {"type": "string", "format": "date"},
                                "responses": {"type": "integer"},
                            },
                        },
                    },
                    "own_questions": {
                        "description": "The unit's own questions, never part of "
                        "the index: counts per answer (percent of those who "
                        "answered), a rating's mean on 1-4 with its 95% interval; "
                        "text answers are counted, never given out.",
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "key": {"type": "string"},
                                "text": {"type": "string"},
                                "kind": {
                                    "enum": ["rating", "single", "multiple", "text"]
                                },
                                "asked_now": {"type": "boolean"},
                                "answered": {"type": "integer"},
                                "answers": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "label": {"type": "string"},
                                            "count": {"type": "integer"},
                                            "percent": NULLABLE_NUMBER,
                                            "retired": {"type": "boolean"},
                                        },
                                    },
                                },
                                "mean": NULLABLE_NUMBER,
                                "interval_low": NULLABLE_NUMBER,
                                "interval_high": NULLABLE_NUMBER,
                            },
                        },
                    },
                },
            },
        },
    },
}
