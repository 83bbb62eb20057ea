"""Helpers the tests share: the city's clock, answers to the citizen's form,
sign-in. Test modules import from here, never from each other."""
