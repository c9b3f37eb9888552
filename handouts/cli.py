"""The ``handouts`` command. It parses options, calls the library, reports errors.

Exit codes: 0 success; 2 bad input or usage; 1 an unexpected internal failure.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .collector import ONE_SHOT, long_running
from .api import Handouts
from .load.files import is_folder
from .load.model import Clinic
from .batch.limits import MAX_JOBS, MAX_WORKERS
from .request import CLINIC_VARIABLE, DEFAULTS, config_file, leaflet_date
from .errors import HandoutsError, OutputError, Problem, RequestError, Stopped
from .write import format_for, output_problems

_DIR = click.Path(exists=True, file_okay=False, path_type=Path)


class _Group(click.Group):
    """Catches the library's errors once, for every command."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except HandoutsError as exc:
            if ctx.meta.get("handouts.debug"):
                traceback.print_exc()
            for line in _error_lines(exc):
                click.echo(f"Error: {line}", err=True)
            ctx.exit(exc.exit_code)
        except Stopped as stop:  # a batch told to stop: it stopped its workers and wrote its index
            click.echo(f"Error: stopped by {stop.name}; what was finished is in index.json, and running the "
                       "same command again builds the rest", err=True)
            ctx.exit(128 + stop.signum)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug: say so plainly, exit 1
            if ctx.meta.get("handouts.debug"):
                traceback.print_exc()
            detail = " ".join(str(exc).split())[:200]
            click.echo(f"Error: internal error ({type(exc).__name__}: {detail}); "
                       "run again with --debug for the traceback", err=True)
            ctx.exit(1)


OPTIONS = {"audience": "", "lang": "--lang", "layout": "--layout", "paper": "--paper", "clinic": "--clinic",
           "format": "--format", "patient": "--patient", "clinician": "--clinician", "follow_up": "--follow-up",
           "note": "--note", "date": "--date", "font": "--font", "tagged": "--no-tags", "output": "-o"}
"""How the command line names each request field (handouts.request); the audience is the argument."""


def _error_lines(exc: HandoutsError) -> list[str]:
    """One line per problem; a problem with a request field names it as the command line's option."""
    if not exc.problems:
        return exc.lines
    lines = []
    for problem in exc.problems:
        option = OPTIONS.get(problem.field, problem.field)
        if problem.file or not problem.field:
            lines.append(str(problem))  # a file's problem says where it is
        else:
            lines.append(f"{option}: {problem.message}" if option else problem.message)
    return lines


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta["handouts.debug"] = True


def _debug_option(func):
    return click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
                        help="Show the Python traceback when something fails.")(func)


def _dirs_options(func):
    func = click.option("--layouts-dir", "layouts_dirs", multiple=True, type=_DIR, metavar="DIR",
                        help="A folder of layouts, searched before the built-in ones (repeatable).")(func)
    func = click.option("--data-dir", "data_dirs", multiple=True, type=_DIR, metavar="DIR",
                        help="A content folder, searched before the built-in content (repeatable).")(func)
    return func


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="handouts")
@_debug_option
def main() -> None:
    """Print-ready patient leaflets on muscle cramps.

    \b
    Examples:
      handouts build general
      handouts build pregnancy --paper a4 -o pregnancy.pdf
      handouts build dialysis --patient "Ana Ruiz" --note "Fluid limit: 1 litre a day"
      handouts build general --layout trifold --clinic my-clinic.yaml
      handouts build older-adults --layout large-print --lang es
      handouts build pregnancy --format html
      handouts list --json
      handouts batch patients.csv --out-dir leaflets -j 4
    """
    if click.get_current_context().invoked_subcommand not in ONE_SHOT:
        long_running()  # a batch, the web page, checking every leaflet: collect garbage


@main.command()
@click.argument("audience")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="PATH",
              help="Where to write the leaflet (a file, or an existing folder). Default: "
                   "AUDIENCE-LANG-LAYOUT-PAPER.pdf, or AUDIENCE-LANG.html, in the current folder.")
@click.option("--format", "output_format", metavar="pdf|html",
              help="pdf (the default): the layout, to print. html: one accessible web page (for a website or a "
                   "screen reader; --layout, --paper and --font do not change it).")
@click.option("--lang", help=f"Language code (default: {DEFAULTS['lang']}; see `handouts list`).")
@click.option("--layout", help=f"Layout id (default: {DEFAULTS['layout']}; see `handouts list`).")
@click.option("--paper", help=f"Paper of the layout (default: {DEFAULTS['paper']}; see `handouts list`).")
@click.option("--clinic", metavar="ID_OR_FILE",
              help=f"A clinic id from the data folders, or the path of a clinic YAML file (default: "
                   f"{DEFAULTS['clinic']}).")
@click.option("--patient", metavar="NAME", help="The patient's name, printed in the 'For you' area.")
@click.option("--note", "notes", multiple=True, metavar="TEXT",
              help="A note for the patient (repeatable; each is a paragraph, line breaks kept).")
@click.option("--clinician", metavar="NAME", help="The clinician the patient sees.")
@click.option("--follow-up", "follow_up", metavar="DATE_OR_TEXT",
              help="Follow-up: a date as YYYY-MM-DD (printed in the leaflet's language) or text.")
@click.option("--font", "fonts", multiple=True, metavar="FILE.ttf",
              help="A TrueType font for characters the layout's fonts lack, e.g. a name in Chinese (repeatable).")
@click.option("--date", "when", metavar="YYYY-MM-DD",
              help="Date printed on the leaflet. Default: SOURCE_DATE_EPOCH if set, else today.")
@click.option("--no-tags", "untagged", is_flag=True,
              help="Write an untagged PDF (no structure for screen readers; not PDF/UA). Tagged is the default.")
@_dirs_options
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@_debug_option
def build(audience: str, output: Path | None, output_format: str | None, lang: str | None, layout: str | None,
          paper: str | None, clinic: str | None, patient: str | None, notes: tuple[str, ...], clinician: str | None,
          follow_up: str | None, fonts: tuple[str, ...], when: str | None, untagged: bool,
          data_dirs: tuple[Path, ...], layouts_dirs: tuple[Path, ...], force: bool) -> None:
    """Build one leaflet for AUDIENCE (see `handouts list`)."""
    handouts = Handouts(data_dirs, layouts_dirs)
    named = output is not None and not is_folder(output)  # a file name: its ending says the format
    problems: list[Problem] = []
    if named:
        inferred, problem = format_for(str(output), output_format)
        output_format = inferred or output_format
        problems += [Problem.of("output", problem)] if problem else []
    request = None
    try:
        request = handouts.request({
            "audience": audience, "lang": lang, "layout": layout, "paper": paper, "clinic": clinic,
            "format": output_format, "patient": patient, "clinician": clinician, "follow_up": follow_up,
            "note": list(notes), "date": when, "font": list(fonts), "tagged": not untagged})
    except RequestError as exc:  # reported with the output's problems, the request's first
        problems[:0] = exc.problems
    if request is not None or named:  # the output's own problems, also when the request has some
        path = Handouts.output_path(request, output) if request is not None else Path(str(output))
        problems += [Problem("", None, "", message) for message in output_problems(path, force)]
    if problems or request is None:
        raise RequestError(problems) if any(p.field or p.file for p in problems) else OutputError(problems=problems)
    path = handouts.build(request, output, force=force)
    used = handouts.clinic(request.clinic)
    for notice in used.notices:
        click.echo(f"Note: {notice}", err=True)
    if used.sample:
        click.echo(f"Note: {sample_note(used)}", err=True)
    unprinted = handouts.layout(request.layout).unprinted(f for f, _ in request.texts())
    if request.format == "pdf" and unprinted:
        click.echo(f"Note: the {request.layout} layout does not print {', '.join(OPTIONS[f] for f in unprinted)} "
                   "(README, 'Layouts'); the handout and the other layouts do", err=True)
    click.echo(f"Wrote {path}")


def sample_note(clinic: Clinic) -> str:
    """What the CLI says when a leaflet was made with a sample clinic (the built-in demo)."""
    return (f"made with the sample clinic {clinic.name!r} ({clinic.origin.file}): every page says it is a sample, "
            f"not for patients. Give your clinic with --clinic FILE, or once for this computer with "
            f"{CLINIC_VARIABLE} or {config_file()} (README, 'Your clinic').")


@main.command()
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, metavar="DIR", help="Where the PDFs and index.json go (created if missing).")
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=1, max=MAX_WORKERS), metavar="N",
              help=f"Worker processes (at most {MAX_WORKERS}). Default: the number of CPUs.")
@click.option("--shard", "shard_text", metavar="K/N|auto[/N]",
              help="Build only the K-th of N equal shares of the jobs (for N parallel CI jobs). auto: K and N from "
                   "GitLab CI (CI_NODE_INDEX, CI_NODE_TOTAL), or auto/N with Kubernetes' JOB_COMPLETION_INDEX.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first bad row or failed leaflet.")
@click.option("--force", is_flag=True, help="Rebuild leaflets even if nothing changed since the last run.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--font", "fonts", multiple=True, type=click.Path(path_type=Path), metavar="FILE.ttf",
              help="A TrueType font for characters the layouts' fonts lack, for every leaflet (repeatable).")
@click.option("--max-jobs", type=click.IntRange(min=1), default=MAX_JOBS, show_default=True, metavar="N",
              help="The most leaflets the manifest may make (counted before anything is made).")
@_dirs_options
@_debug_option
def batch(manifest: Path, out_dir: Path, workers: int | None, shard_text: str | None, fail_fast: bool,
          force: bool, as_json: bool, fonts: tuple[Path, ...], max_jobs: int, data_dirs: tuple[Path, ...],
          layouts_dirs: tuple[Path, ...]) -> None:
    """Build every leaflet a MANIFEST (CSV or YAML) lists.

    \b
    Exit codes: 0 all built (or unchanged); 1 some rows were invalid or some
    leaflets failed (listed on stderr); 2 the manifest itself is unusable.
    """
    from .batch.run import BatchOptions, run_batch
    from .batch.shards import shard_option
    from .batch.workers import default_workers

    shard = shard_option(shard_text)
    options = BatchOptions(out_dir, workers or default_workers(), shard, fail_fast, force, tuple(fonts), max_jobs)
    app = Handouts(data_dirs, layouts_dirs)
    if sys.stderr.isatty() and not as_json:
        with click.progressbar(length=1, label="Building", file=sys.stderr) as bar:
            def tick(count: int) -> None:
                bar.length = max(bar.length or 1, bar.pos + count + 1)
                bar.update(count)
            summary, _ = run_batch(manifest, app, options, tick)
    else:
        summary, _ = run_batch(manifest, app, options)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2, ensure_ascii=False))
    else:
        rate = f", {summary.built / summary.seconds:.1f} leaflets/s" if summary.built and summary.seconds else ""
        click.echo(f"Built {summary.built}, unchanged {summary.unchanged}, failed {summary.failed}, "
                   f"invalid rows {summary.invalid} of {summary.jobs} (shard {summary.shard}) in "
                   f"{summary.seconds:.1f} s{rate}, {summary.workers} worker(s); index: "
                   f"{summary.out_dir}/index.json")
    for ref in summary.sample_clinics:
        click.echo(f"Note: {sample_note(app.clinic(ref))}", err=True)
    for line in summary.unprinted:
        click.echo(f"Note: {summary.manifest}: {line}", err=True)
    for failure in summary.failures:
        click.echo(f"Error: {failure}", err=True)
    if not summary.ok:
        raise click.exceptions.Exit(1)


@main.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), required=True, metavar="DIR",
              help="The merged folder: every shard's leaflets and one index.json (created if missing).")
@click.option("--force", is_flag=True, help="Replace files in DIR that no batch's index there lists.")
@_debug_option
def merge(folders: tuple[Path, ...], out_dir: Path, force: bool) -> None:
    """Merge the shards' output FOLDERS (each a batch --shard K/N --out-dir) into one folder and index.

    \b
    Exit codes: 0 merged; 2 a conflict (one line each: the same file with
    different bytes, overlapping shards, mixed content versions), nothing written.
    """
    from .batch.merge import merge as merge_folders

    summary = merge_folders(list(folders), out_dir, force)
    click.echo(f"Merged {summary.folders} folders: {summary.leaflets} entries ({summary.copied} copied, "
               f"{summary.unchanged} already there, {summary.not_ok} failed or invalid); index: "
               f"{out_dir}/index.json")


@main.command()
@click.argument("audience")
@click.option("--lang", help=f"Language of the leaflet under review (default: {DEFAULTS['lang']}).")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="PATH",
              help="Where to write the packet (a file, or an existing folder). Default: review-AUDIENCE-LANG.pdf "
                   "(or .html).")
@click.option("--format", "output_format", metavar="pdf|html",
              help="pdf (the default) to print and sign, or html: one web page (also when -o ends in .html).")
@click.option("--paper", default="letter", metavar="letter|a4", help="Paper of the PDF (default: letter).")
@click.option("--clinic", metavar="ID_OR_FILE",
              help="The clinic whose numbers the texts show (default: the site's default clinic).")
@click.option("--date", "when", metavar="YYYY-MM-DD", help="The date the packet says it was made (default: today).")
@_dirs_options
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@_debug_option
def review(audience: str, lang: str | None, output: Path | None, output_format: str | None, paper: str,
           clinic: str | None,
           when: str | None, data_dirs: tuple[Path, ...], layouts_dirs: tuple[Path, ...], force: bool) -> None:
    """Write the review packet for AUDIENCE: every item it sees in print order, with its urgency tier,
    its sources in full, what it changes in the shared core and why, and its reading score, for a
    patient-education committee to sign off."""
    from .review import render_review, review_filename
    from .request import real_date
    from .write import check_target, write_atomic

    day, problem = real_date(when) if when else (None, "")
    if problem:
        raise RequestError([Problem.of("date", problem)])
    if output is not None and not is_folder(output):  # the file name's ending and the format must agree
        inferred, problem = format_for(str(output), output_format)
        if problem:
            raise RequestError([Problem.of("output", problem)])
        output_format = inferred
    output_format = output_format or "pdf"
    handouts = Handouts(data_dirs, layouts_dirs)
    name = review_filename(audience, lang or DEFAULTS["lang"], output_format)
    path = Path(output) if output is not None else Path(name)
    path = path / name if os.path.isdir(path) else path
    check_target(path, force)
    data = render_review(handouts, {"audience": audience, "lang": lang, "clinic": clinic}, output_format, paper, day)
    click.echo(f"Wrote {write_atomic(path, data, force=force)}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="Address to listen on. Another address than this computer's own (loopback) needs a password.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, metavar="PORT",
              help="Port to listen on (0: any free port).")
@click.option("--clinic", metavar="ID_OR_FILE",
              help="The clinic preselected on the form: an id from the data folders, or a clinic YAML file "
                   f"(default: the site's default clinic, {CLINIC_VARIABLE} or the config file, else "
                   f"{DEFAULTS['clinic']}).")
@_dirs_options
@click.option("--workers", type=click.IntRange(min=1), metavar="N",
              help="Worker processes that make leaflets (at most N at once). Default: the number of CPUs.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the web browser.")
@click.option("--password-file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="A file holding the shared password every visitor must give (required with another --host; "
                   "or set HANDOUTS_PASSWORD).")
@_debug_option
def serve(host: str, port: int, clinic: str | None, data_dirs: tuple[Path, ...], layouts_dirs: tuple[Path, ...],
          workers: int | None, open_browser: bool, password_file: Path | None) -> None:
    """Serve a web page where staff make leaflets (no terminal needed after this).

    \b
    Examples:
      handouts serve --open
      handouts serve --clinic my-clinic.yaml
      handouts serve --host 0.0.0.0 --password-file password.txt
    """
    from .batch.workers import default_workers
    from .web.serve import ServeOptions, serve as run_server

    run_server(ServeOptions(host, port, clinic, tuple(data_dirs), tuple(layouts_dirs),
                            workers or default_workers(), open_browser, password_file), say=click.echo)


@main.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@_dirs_options
@_debug_option
def list_(as_json: bool, data_dirs: tuple[Path, ...], layouts_dirs: tuple[Path, ...]) -> None:
    """List audiences, languages, layouts, papers and clinics."""
    catalog = Handouts(data_dirs, layouts_dirs).catalog()
    if as_json:
        click.echo(json.dumps(catalog, indent=2, ensure_ascii=False))
        return
    click.echo("Audiences:")
    width = max(len(a["id"]) for a in catalog["audiences"])
    for audience in catalog["audiences"]:
        click.echo(f"  {audience['id']:<{width}}  {audience['title']}")
    click.echo("Layouts:")
    width = max(len(layout["id"]) for layout in catalog["layout_details"])
    for layout in catalog["layout_details"]:
        click.echo(f"  {layout['id']:<{width}}  {layout['name']} (papers: {', '.join(layout['papers'])})")
    for key in ("languages", "clinics", "formats"):
        click.echo(f"{key.capitalize()}: {', '.join(catalog[key])}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@_dirs_options
@_debug_option
def check(as_json: bool, data_dirs: tuple[Path, ...], layouts_dirs: tuple[Path, ...]) -> None:
    """Validate all content, sources, translations and layouts, and score reading levels.

    Builds every audience in every language with every layout and paper, and as HTML.
    Exits 2 if any check fails, with one line per problem.
    """
    from .check import format_table, run_check

    result = run_check(Handouts(data_dirs, layouts_dirs), leaflet_date())
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        for line in format_table(result):
            click.echo(line)
        click.echo(f"Built {result.builds} leaflets (every audience, language, layout and paper, and the HTML "
                   "pages).")
        for warning in result.warnings:
            click.echo(f"Warning: {warning}", err=True)
    for problem in result.problems:
        click.echo(f"Error: {problem}", err=True)
    if not result.ok:
        raise click.exceptions.Exit(2)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
