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
from generator.export import export_calculator_data
from generator.offline import SERVICE_WORKER, write_service_worker
from generator.problems import ContentError
from generator.render import render_site
from generator.review import stale_reviews
from generator.site_assets import MissingRuntime, write_calculator_assets

EXIT_CONTENT_PROBLEMS = 1
EXIT_USAGE = 2


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


def command_render(args: argparse.Namespace) -> int:
    content = _load_or_report(args.content)
    if content is None:
        return EXIT_CONTENT_PROBLEMS
    out = Path(args.out)
    if out.exists() and args.clean:
        shutil.rmtree(out)
    pages = render_site(content, source_url=args.source_url)
    for page in pages:
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    print(f"rendered {len(pages)} pages into {out}", file=sys.stderr)
    return 0


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
    data = export_calculator_data(content)
    Path(args.out).write_text(json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
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
    """What the MkDocs plugin does after a build, for a site built by another engine (e.g. Zensical)."""
    content = _load_or_report(args.content)
    if content is None:
        return EXIT_CONTENT_PROBLEMS
    site = Path(args.site)
    template = Path(args.theme) / SERVICE_WORKER
    if not site.is_dir() or not template.is_file():
        print(f"error: needs the built site {site} and the service worker template {template}", file=sys.stderr)
        return EXIT_USAGE
    try:
        write_calculator_assets(site, content, Path(args.pyodide))
    except MissingRuntime as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    version = write_service_worker(site, template)
    print(f"wrote the calculator assets and the service worker (build {version}) into {site}", file=sys.stderr)
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
    render.add_argument("--clean", action="store_true", help="empty the output directory first")
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
        "and list the generated pages that differ, then their unified diffs. Both sides are rendered by this "
        "checkout's generator (its Python and templates): the diff shows what a content change does to the site, "
        "not what a template change does. Exit 0 whether or not pages differ; 2 with one error: line when a "
        "revision is unknown, the directory is not in a git repository, or a side's content does not load.",
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
        "build-assets", help="add the calculator runtime and the offline service worker to a built site"
    )
    assets.add_argument("site", help="the built site directory")
    assets.add_argument("--content", help="content directory (default: ./content)")
    assets.add_argument("--pyodide", default="node_modules/pyodide", help="the installed npm package pyodide")
    assets.add_argument("--theme", default="site_overrides", help="theme overrides holding the sw.js template")
    assets.set_defaults(handler=command_build_assets)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
