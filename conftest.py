"""Settings shared by every pytest suite in the workshop."""

import os

from hypothesis import settings

# No deadline: a property test must never fail because a laptop was busy.
# No example database: the suites leave nothing behind in the learner's folders.
settings.register_profile("workshop", deadline=None, database=None)
# `cargo workshop check` and `watch` grade with fewer examples per property, so that a
# verdict comes a second after a save; `verify` and plain pytest use the full profile.
settings.register_profile("quick", parent=settings.get_profile("workshop"), max_examples=20)
settings.load_profile(os.environ.get("WORKSHOP_HYPOTHESIS_PROFILE", "workshop"))
