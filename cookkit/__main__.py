"""Command line of the cookbook.

``run`` executes the recipes in order; ``list`` shows them; ``verify`` runs them again and
compares their metrics with the stored ones; ``trace`` checks a release or a stage folder hash by
hash back to its sources; ``export`` regenerates the package modules that recipes export helpers
to; ``new`` starts a recipe from the template; ``check-outputs`` looks for errors, secrets and
machine paths in stored outputs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cookkit import export, paths, pipeline, recipes, verify


def stage_list(values: list[str] | None) -> list[str]:
    """Return the stages named in ``--stages``, given as separate words or comma-separated."""
    return [s.strip() for value in values or [] for s in value.split(",") if s.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cookkit", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run", help="execute the recipes in order, each stage handing its artifacts on"
    )
    run.add_argument(
        "--profile", default=recipes.DEFAULT_PROFILE, help="cpu (default), colab-t4, gpu, ..."
    )
    run.add_argument(
        "--stages", nargs="*", help="stages to run (default: all), e.g. start data or start,data"
    )
    run.add_argument(
        "--in-place", action="store_true", help="also refresh the outputs stored in cookbook/ (cpu)"
    )
    commands.add_parser("list", help="list the recipes in the order the runner executes them")
    check = commands.add_parser(
        "verify", help="run recipes again and compare their metrics with the stored ones"
    )
    check.add_argument("--stages", nargs="*", help="stages to verify (default: all)")
    check.add_argument(
        "--no-execute", action="store_true", help="compare the records already in artifacts/cpu/"
    )
    check.add_argument(
        "--other-cpu",
        action="store_true",
        help="compute as an AVX2 CPU without AMX would (torch, MKL and oneDNN kernels)",
    )
    follow = commands.add_parser(
        "trace", help="check a release or stage folder (or one file) hash by hash to its sources"
    )
    follow.add_argument("target", help="a release folder, a stage folder, or a file in one")
    generate = commands.add_parser(
        "export", help="regenerate the modules recipes export helpers to"
    )
    generate.add_argument(
        "--check", action="store_true", help="only report modules that differ; exit 1 if any"
    )
    scaffold = commands.add_parser(
        "new", help="start a recipe from the template in a stage's folder, listed in _toc.yml"
    )
    scaffold.add_argument(
        "title", help='the recipe\'s title, e.g. "Direct preference optimization"'
    )
    scaffold.add_argument("--stage", required=True, help="start, data, pretrain, finetune, ...")
    outputs = commands.add_parser(
        "check-outputs", help="fail if a notebook stores an error, a secret or a machine path"
    )
    outputs.add_argument("notebooks", nargs="*", help="notebooks to check (default: every recipe)")
    args = parser.parse_args(argv)

    try:
        if args.command == "list":
            for recipe in recipes.recipes():
                print(
                    f"{recipe.stage:10} {paths.shown(recipe.path):50} profiles: "
                    f"{', '.join(recipe.profiles())}"
                )
        elif args.command == "run":
            executed = pipeline.run(
                profile=args.profile, stages=stage_list(args.stages), in_place=args.in_place
            )
            print(
                f"all {len(executed)} stage(s) ran; executed notebooks and run records: "
                f"artifacts/{args.profile}/"
            )
        elif args.command == "verify":
            rows = verify.verify(
                stage_list(args.stages), execute=not args.no_execute, other_cpu=args.other_cpu
            )
            print(verify.table(rows))
            failed = [f"{r.stage}: {r.metric}" for r in rows if not r.ok]
            if failed:
                print(f"not reproduced ({len(failed)}): {', '.join(failed)}", file=sys.stderr)
                return 1
            print(f"reproduced: all {len(rows)} metrics within their tolerances")
        elif args.command == "trace":
            from cookkit.trace import trace

            found = trace(Path(args.target).absolute())  # as the shell sees it
            print(found.report())
            return 0 if found.ok else 1
        elif args.command == "new":
            from cookkit.scaffold import new_recipe

            made = new_recipe(args.title, args.stage)
            print(f"wrote {paths.shown(made)} and listed it in _toc.yml. What the contract still")
            print(f'asks for, item by item: python -m pytest -m "not slow" -k {made.stem}')
        elif args.command == "check-outputs":
            from cookkit.outputs import output_problems

            notebooks = args.notebooks or [r.path for r in recipes.recipes()]
            problems = [p for n in notebooks for p in output_problems(Path(n))]
            print("\n".join(problems) or f"{len(notebooks)} notebook(s): stored outputs are clean")
            return 1 if problems else 0
        elif args.command == "export":
            if args.check:
                stale = export.stale_modules()
                for path in stale:
                    print(
                        f"{paths.shown(path)} differs from its recipes: run `cookkit export`",
                        file=sys.stderr,
                    )
                return 1 if stale else 0
            for path in export.write_modules():
                print(f"wrote {paths.shown(path)}")
    except (
        pipeline.PipelineError,
        export.ExportError,
        ValueError,
        FileNotFoundError,
        FileExistsError,
    ) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
