"""Stage 1, load and validate: YAML files read with their line numbers, checked field by field
(every problem collected), into frozen model objects: the content (``content.py``), clinic
profiles (``clinic.py``) and layout specs (``layout_spec.py``)."""
