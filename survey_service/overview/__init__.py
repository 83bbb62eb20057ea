"""The city overview for leaders and admins: every unit side by side, with
honest rank ranges, how the follow-up loop is kept, and the yearly recap for
the public-service evaluation (PEKPPP). Its views, service and templates."""
