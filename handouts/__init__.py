"""handouts: print-ready patient leaflets on muscle cramps.

Use it as a library::

    from handouts import BuildRequest, Handouts

    app = Handouts()                       # built-in content and layouts
    leaflet = app.render(BuildRequest(audience="pregnancy", lang="en", paper="a4"))
    leaflet.pdf                            # the PDF bytes
    app.build(BuildRequest(audience="general"), "general.pdf")
"""

__version__ = "0.1.0"

__all__ = ["BuildRequest", "Handouts", "HandoutsError", "Leaflet", "__version__"]

_LAZY = {"BuildRequest": "api", "Handouts": "api", "Leaflet": "api", "HandoutsError": "errors"}


def __getattr__(name: str):
    """The public names, imported when first used (PEP 562): importing one module of the package,
    such as :mod:`handouts.cli` or :mod:`handouts.load.model`, does not import all the others."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
