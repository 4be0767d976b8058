"""The ``legcramps`` command: check content, render pages to disk, export calculator data.

Every failure an editor can cause ends in plain lines on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.content import check_content, load_content
from generator.problems import ContentError
from generator.render import render_site

EXIT_CONTENT_PROBLEMS = 1
EXIT_USAGE = 2


def _content_dir(path: str | None) -> Path:
    return Path(path) if path else Path.cwd() / "content"


def command_check(args: argparse.Namespace) -> int:
    content_dir = _content_dir(args.path)
    if not content_dir.is_dir():
        print(f"error: {content_dir} is not a directory", file=sys.stderr)
        return EXIT_USAGE
    problems = check_content(content_dir, Path.cwd())
    for problem in problems:
        print(problem.as_github_annotation() if args.format == "github" else str(problem))
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return EXIT_CONTENT_PROBLEMS
    print("content OK", file=sys.stderr)
    return 0


def command_render(args: argparse.Namespace) -> int:
    try:
        content = load_content(_content_dir(args.content), Path.cwd())
    except ContentError as error:
        print(error, file=sys.stderr)
        return EXIT_CONTENT_PROBLEMS
    out = Path(args.out)
    if out.exists() and args.clean:
        shutil.rmtree(out)
    pages = render_site(content)
    for page in pages:
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    print(f"rendered {len(pages)} pages into {out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="legcramps", description="Leg cramps reference: content tools and calculator."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate content; one FILE:LINE: message line per problem")
    check.add_argument("path", nargs="?", help="content directory (default: ./content)")
    check.add_argument("--format", choices=("text", "github"), default="text", help="github: workflow annotations")
    check.set_defaults(handler=command_check)
    render = commands.add_parser("render", help="write the generated Markdown pages to a directory")
    render.add_argument("--out", required=True, help="output directory")
    render.add_argument("--content", help="content directory (default: ./content)")
    render.add_argument("--clean", action="store_true", help="empty the output directory first")
    render.set_defaults(handler=command_render)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
