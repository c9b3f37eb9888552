"""Stage 4, lay out: leaflet markup to tagged PDF bytes with ReportLab Platypus. Importing this
package imports ReportLab, so only rendering code does."""
