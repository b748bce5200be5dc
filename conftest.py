"""Settings shared by every pytest suite in the workshop."""

from hypothesis import settings

# No deadline: a property test must never fail because a laptop was busy.
# No example database: the suites leave nothing behind in the learner's folders.
settings.register_profile("workshop", deadline=None, database=None)
settings.load_profile("workshop")
