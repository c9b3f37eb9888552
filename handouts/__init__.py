"""handouts: print-ready patient leaflets on muscle cramps.

Use it as a library::

    from handouts import BuildRequest, Handouts

    app = Handouts()                       # built-in content and layouts
    leaflet = app.render(BuildRequest(audience="pregnancy", lang="en", paper="a4"))
    leaflet.pdf                            # the PDF bytes
    app.build(BuildRequest(audience="general"), "general.pdf")
"""

__version__ = "0.1.0"

from .api import BuildRequest, Handouts, Leaflet
from .errors import HandoutsError

__all__ = ["BuildRequest", "Handouts", "HandoutsError", "Leaflet", "__version__"]
