"""Command line: ``python -m cookkit run`` executes the cookbook's recipes in order; ``list`` shows them."""

from __future__ import annotations

import argparse
import sys

from cookkit import paths, pipeline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cookkit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="execute the recipes in order, each stage handing its artifacts to the next")
    run.add_argument("--profile", default=pipeline.DEFAULT_PROFILE, help="cpu (default), colab-t4, gpu, ...: which parameter set")
    run.add_argument("--stages", default="", help="comma-separated stages to run (default: all), e.g. start,data")
    run.add_argument("--in-place", action="store_true", help="also refresh the stored outputs in cookbook/ (cpu profile only)")
    commands.add_parser("list", help="list the recipes in the order the runner executes them")
    args = parser.parse_args(argv)

    if args.command == "list":
        for recipe in pipeline.recipes():
            print(f"{recipe.stage:10} {paths.shown(recipe.path):50} profiles: {', '.join(recipe.profiles())}")
        return 0
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    try:
        executed = pipeline.run(profile=args.profile, stages=stages, in_place=args.in_place)
    except (pipeline.PipelineError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"all {len(executed)} stage(s) ran; executed notebooks and run records are under artifacts/{args.profile}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
