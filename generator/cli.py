"""The ``legcramps`` command: check content, render pages, export calculator data, evaluate answers, diff revisions.

Every failure an editor can cause ends in plain lines on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import calculator
from calculator.bridge import evaluate_json
from generator.content import load_content, load_documents
from generator.diff import DiffError, diff_site, format_markdown, format_text
from generator.engines.zensical import write_zensical_config
from generator.export import export_calculator_data
from generator.problems import ContentError
from generator.publish import SERVICE_WORKER, MissingRuntime, finish_site
from generator.publish.hosting import REPOSITORY_HEADERS
from generator.review import stale_reviews
from generator.site_model import site_model

EXIT_CONTENT_PROBLEMS = 1
EXIT_USAGE = 2
# `render` leaves this file in its output; `render --clean` empties only a directory holding it (or an empty one),
# so a mistyped --out (".", "~") is refused rather than deleted.
RENDER_MARKER = ".legcramps-render"
RENDER_MARKER_TEXT = "Written by `legcramps render`: `legcramps render --clean` may empty this directory.\n"


def _content_dir(path: str | None) -> Path:
    return Path(path) if path else Path.cwd() / "content"


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def command_check(args: argparse.Namespace) -> int:
    content_dir = _content_dir(args.path)
    if not content_dir.is_dir():
        print(f"error: {content_dir} is not a directory", file=sys.stderr)
        return EXIT_USAGE
    github = args.format == "github"
    loaded = load_documents(content_dir, Path.cwd())
    problems = loaded.all_problems()
    for problem in problems:
        print(problem.as_github_annotation() if github else str(problem))
    stale_mode = "error" if args.fail_on_stale else args.stale
    stale = stale_reviews(loaded.documents, args.today or date.today()) if stale_mode else []
    severity = "error" if stale_mode == "error" else "warning"
    for review in stale:
        print(review.as_github_annotation(severity) if github else review.as_text(severity))
    overdue = f"{len(stale)} clinical review(s) overdue" if stale else ""
    if problems or (stale and severity == "error"):
        found = [f"{len(problems)} problem(s) found"] if problems else []
        print("; ".join(found + ([overdue] if overdue else [])), file=sys.stderr)
        return EXIT_CONTENT_PROBLEMS
    print("content OK" + (f"; {overdue} (warnings)" if overdue else ""), file=sys.stderr)
    return 0


def _render_output_refusal(out: Path, clean: bool) -> str | None:
    """Why ``render`` must not write (or, with ``clean``, empty) ``out``; ``None`` when it may."""
    if out.is_symlink():
        return f"{out} is a symbolic link; give the directory it points to, or a new directory"
    if not out.exists():
        return None
    if not out.is_dir():
        return f"{out} is not a directory"
    if clean and not (out / RENDER_MARKER).is_file() and any(out.iterdir()):
        return (
            f"{out} is not a directory `legcramps render` wrote (it has no {RENDER_MARKER} file), so --clean will "
            "not empty it; give a new or empty directory"
        )
    return None


def _empty_directory(directory: Path) -> None:
    """Delete what ``directory`` holds, links as links (never what they point to)."""
    for child in directory.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def command_render(args: argparse.Namespace) -> int:
    content = _load_or_report(args.content)
    if content is None:
        return EXIT_CONTENT_PROBLEMS
    out = Path(args.out)
    refusal = _render_output_refusal(out, args.clean)
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    pages = site_model(content, source_url=args.source_url).pages
    try:
        if args.clean and out.exists():
            _empty_directory(out)
        out.mkdir(parents=True, exist_ok=True)
        # Marked as ours only when nothing else is in it: a later --clean then never deletes another's files.
        if not any(out.iterdir()):
            (out / RENDER_MARKER).write_text(RENDER_MARKER_TEXT, encoding="utf-8")
        for page in pages:
            target = out / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_symlink():
                target.unlink()  # write the page, not through a link to a file elsewhere
            target.write_text(page.markdown, encoding="utf-8")
    except OSError as error:
        print(f"error: cannot write the pages into {out}: {_os_error_text(error)}", file=sys.stderr)
        return EXIT_USAGE
    print(f"rendered {len(pages)} pages into {out}", file=sys.stderr)
    return 0


def _os_error_text(error: OSError) -> str:
    """``PATH: reason`` for an operating-system error, without a traceback."""
    names = [str(name) for name in (error.filename, error.filename2) if name is not None]
    reason = error.strerror or str(error)
    return f"{' -> '.join(names)}: {reason}" if names else reason


def _load_or_report(content_path: str | None):
    """The content, or ``None`` after printing its problems to stderr."""
    try:
        return load_content(_content_dir(content_path), Path.cwd())
    except ContentError as error:
        print(error, file=sys.stderr)
        return None


def command_export_data(args: argparse.Namespace) -> int:
    content = _load_or_report(args.content)
    if content is None:
        return EXIT_CONTENT_PROBLEMS
    try:  # the exporter's ExportError, or json's own refusal of Infinity and NaN: both ValueError
        data = export_calculator_data(content)
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_CONTENT_PROBLEMS
    Path(args.out).write_text(text, encoding="utf-8")
    print(
        f"wrote calculator data ({len(data['causes'])} causes, {len(data['findings'])} findings) to {args.out}",
        file=sys.stderr,
    )
    return 0


def _answers_text(args: argparse.Namespace) -> str:
    return args.answers if args.answers is not None else Path(args.answers_file).read_text(encoding="utf-8")


def command_evaluate(args: argparse.Namespace) -> int:
    content = _load_or_report(args.content)
    if content is None:
        return EXIT_CONTENT_PROBLEMS
    try:
        print(evaluate_json(export_calculator_data(content), _answers_text(args)))
    except calculator.ValidationError as error:  # the answers are not JSON, or do not fit the findings
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: cannot read answers: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def command_diff(args: argparse.Namespace) -> int:
    try:
        site_diff = diff_site(_content_dir(args.content), args.base, args.head, today=args.today)
    except DiffError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    formatter = format_markdown if args.format == "markdown" else format_text
    sys.stdout.write(formatter(site_diff, summary_only=args.summary_only))
    return 0


def command_build_assets(args: argparse.Namespace) -> int:
    """The post-build step the MkDocs plugin runs, for a site built by another engine (Zensical)."""
    content = _load_or_report(args.content)
    if content is None:
        return EXIT_CONTENT_PROBLEMS
    site = Path(args.site)
    theme = Path(args.theme)
    if not site.is_dir() or not (theme / SERVICE_WORKER).is_file():
        print(
            f"error: needs the built site {site} and the service worker template {theme / SERVICE_WORKER}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        published = finish_site(
            site,
            export_calculator_data(content),
            pyodide_dir=Path(args.pyodide),
            theme_dir=theme,
            compress=not args.no_precompress,
            headers_file=REPOSITORY_HEADERS if args.headers else None,
        )
    except MissingRuntime as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"finished {site}: calculator assets, {published.repaired_pages} page(s) repaired, service worker "
        f"(build {published.build_hash}), {published.compressed_files} compressed twin(s)",
        file=sys.stderr,
    )
    return 0


def command_zensical_config(args: argparse.Namespace) -> int:
    """Write the Zensical configuration for the pages `legcramps render` wrote (generator/engines/zensical.py)."""
    docs = Path(args.docs)
    if not docs.is_dir():
        print(f"error: {docs} is not a directory: run `legcramps render --out {docs}` first", file=sys.stderr)
        return EXIT_USAGE
    mkdocs_yml = Path(args.mkdocs)
    if not mkdocs_yml.is_file():
        print(f"error: {mkdocs_yml} is not a file", file=sys.stderr)
        return EXIT_USAGE
    content = _load_or_report(args.content or str(mkdocs_yml.resolve().parent / "content"))
    if content is None:
        return EXIT_CONTENT_PROBLEMS
    written = write_zensical_config(Path(args.config), docs, mkdocs_yml, site_model(content))
    print(f"wrote {written} (docs_dir {docs})", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="legcramps", description="Leg cramps reference: content tools and calculator."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate content; one FILE:LINE: message line per problem")
    check.add_argument("path", nargs="?", help="content directory (default: ./content)")
    check.add_argument("--format", choices=("text", "github"), default="text", help="github: workflow annotations")
    check.add_argument(
        "--stale",
        nargs="?",
        const="warning",
        choices=("warn", "warning", "error"),
        help="also list clinical reviews past their next_review_due: as warnings (exit 0), or with --stale=error as "
        "errors (exit 1)",
    )
    check.add_argument("--fail-on-stale", action="store_true", help="the same as --stale=error")
    check.add_argument(
        "--today", type=_iso_date, metavar="YYYY-MM-DD", help="the day reviews are judged on (default: today)"
    )
    check.set_defaults(handler=command_check)
    render = commands.add_parser("render", help="write the generated Markdown pages to a directory")
    render.add_argument("--out", required=True, help="output directory")
    render.add_argument("--content", help="content directory (default: ./content)")
    render.add_argument(
        "--clean",
        action="store_true",
        help=f"empty the output directory first; only one an earlier render wrote (it holds {RENDER_MARKER}) or an "
        "empty one",
    )
    render.add_argument(
        "--source-url",
        help="address a YAML file's repository path is appended to, to link it from the review-status page "
        "(e.g. https://github.com/OWNER/REPO/edit/main/)",
    )
    render.set_defaults(handler=command_render)
    evaluate = commands.add_parser("evaluate", help="evaluate answers against the content; prints the result JSON")
    source = evaluate.add_mutually_exclusive_group(required=True)
    source.add_argument("--answers", help='answers as a JSON object, e.g. \'{"nocturnal": true, "age": 70}\'')
    source.add_argument("--answers-file", help="a file holding the answers JSON object")
    evaluate.add_argument("--content", help="content directory (default: ./content)")
    evaluate.set_defaults(handler=command_evaluate)
    export = commands.add_parser("export-data", help="write the calculator data the browser gets")
    export.add_argument("out", help="output JSON file")
    export.add_argument("--content", help="content directory (default: ./content)")
    export.set_defaults(handler=command_export_data)
    diff = commands.add_parser(
        "diff",
        help="list the generated pages that change between two git revisions, with a unified diff of their Markdown",
        description="Render the content of BASE and of HEAD (default: the working tree, uncommitted changes included) "
        "and list the generated pages that differ and the calculator's data when it differs, then the files of code "
        "that shapes what readers see (generator/schemas, generator/templates, site_overrides, calculator, "
        "generator, mkdocs.yml, package.json) that differ, to review as code, then the unified diffs (each code "
        "file's capped). Both sides' pages are rendered by this checkout's generator, so a schema or template change "
        "shows in the code section, not in the pages. Revisions are read from git's objects, so .gitattributes "
        "(export-ignore) cannot hide a file; symbolic links are never followed; terminal escape sequences and control "
        "characters are removed from the output. Exit 0 whether or not anything differs; 2 with one error: line "
        "when a revision is unknown, the directory is not in a git repository, or a side's content does not load.",
    )
    diff.add_argument("base", help="the revision to compare from: a branch, tag or commit, e.g. origin/main")
    diff.add_argument("head", nargs="?", help="the revision to compare to (default: the working tree)")
    diff.add_argument("--content", help="content directory (default: ./content); its git repository is used")
    diff.add_argument(
        "--format", choices=("text", "markdown"), default="text", help="markdown: for a pull-request comment"
    )
    diff.add_argument("--summary-only", action="store_true", help="the list of changed pages, without the diffs")
    diff.add_argument(
        "--today", type=_iso_date, metavar="YYYY-MM-DD", help="the day overdue reviews are judged on (default: today)"
    )
    diff.set_defaults(handler=command_diff)
    assets = commands.add_parser(
        "build-assets",
        help="the post-build step on a site another engine built: calculator runtime, HTML repairs, offline service "
        "worker, compressed twins",
    )
    assets.add_argument("site", help="the built site directory")
    assets.add_argument("--content", help="content directory (default: ./content)")
    assets.add_argument("--pyodide", default="node_modules/pyodide", help="the installed npm package pyodide")
    assets.add_argument("--theme", default="site_overrides", help="theme overrides holding the sw.js template")
    assets.add_argument(
        "--no-precompress", action="store_true", help="write no .gz/.br twins (hosts that compress by themselves)"
    )
    assets.add_argument(
        "--headers", action="store_true", help=f"copy {REPOSITORY_HEADERS} to the site (Netlify, Cloudflare Pages)"
    )
    assets.set_defaults(handler=command_build_assets)
    zensical = commands.add_parser(
        "zensical-config",
        help="write a Zensical configuration, derived from mkdocs.yml, for the pages `legcramps render` wrote",
    )
    zensical.add_argument("config", help="the file to write, e.g. build/zensical/mkdocs.yml")
    zensical.add_argument("--docs", required=True, help="the directory `legcramps render --out` wrote")
    zensical.add_argument("--mkdocs", default="mkdocs.yml", help="the MkDocs configuration (default: mkdocs.yml)")
    zensical.add_argument("--content", help="content directory (default: content/ beside mkdocs.yml)")
    zensical.set_defaults(handler=command_zensical_config)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except OSError as error:  # a path the user gave cannot be read or written: unwritable, a directory, a link loop
        print(f"error: {_os_error_text(error)}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
