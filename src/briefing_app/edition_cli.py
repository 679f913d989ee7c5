"""``briefing-app edition``: make a compiler's key, sign a dataset edition, verify one, and compare two.

No Qt. Signing reads the dataset once, checks that it is a valid dataset, and signs exactly those bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .domain.signing import DEFAULT_KEY_PATH, RESIGN_COMMAND


def register(command) -> None:
    sub = command("edition", _usage, "Sign and verify dataset editions, and say what changed between two.")
    actions = sub.add_subparsers(title="actions", metavar="ACTION")

    def action(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=help_text, description=help_text)
        parser.set_defaults(handler=handler)
        return parser

    keygen = action("keygen", cmd_keygen, "Make a new compiler's private key (kept outside the repository).")
    keygen.add_argument("--key", metavar="KEY", default=str(DEFAULT_KEY_PATH),
                        help=f"the private key file to create, mode 600 (default {DEFAULT_KEY_PATH})")
    keygen.add_argument("--compiler", metavar="NAME", required=True, help="who compiles the editions (shown to users)")
    keygen.add_argument("--trusted-keys", metavar="FILE",
                        help="also write the public key as the only trusted key to FILE "
                             "(resources/edition-keys.json: key rotation)")

    sign = action("sign", cmd_sign, "Sign a dataset file: writes DATASET.sig beside it.")
    sign.add_argument("--key", metavar="KEY", default=str(DEFAULT_KEY_PATH),
                      help=f"the compiler's private key (default {DEFAULT_KEY_PATH})")
    sign.add_argument("--compiler", metavar="NAME",
                      help="the compiler's name (default: the name shipped with this key)")
    sign.add_argument("path", metavar="DATASET", help="the dataset file to sign")

    verify = action("verify", cmd_verify, "Say whether a dataset file is a verified edition (exit 0) or not (exit 1).")
    verify.add_argument("path", metavar="DATASET", help="the dataset file (its signature is DATASET.sig)")

    diff = action("diff", cmd_diff, "What changed between two editions: findings and recommendations.")
    diff.add_argument("old", metavar="OLD", help="the older dataset file")
    diff.add_argument("new", metavar="NEW", help="the newer dataset file")
    diff.add_argument("--format", choices=("text", "csv", "json"), default="text")
    diff.add_argument("-o", "--output", metavar="PATH", help="write to this file instead of standard output")


def _usage(args: argparse.Namespace) -> int:
    from .cli_common import EXIT_USAGE, CommandError

    raise CommandError("Say what to do: briefing-app edition {keygen,sign,verify,diff} --help", EXIT_USAGE)


def _read_valid(path: str):
    """The file's bytes and its parsed dataset, or a CommandError listing the problems."""
    from .cli_common import CommandError
    from .domain.loading import parse_dataset, read_capped
    from .domain.problems import DatasetError

    try:
        data = read_capped(Path(path))
        return data, parse_dataset(data, path)
    except DatasetError as exc:
        lines = [f"The dataset {path} cannot be used ({len(exc.problems)} problem(s)):"]
        lines += [f"  {problem}" for problem in exc.problems]
        raise CommandError("\n".join(lines)) from None


def cmd_keygen(args: argparse.Namespace) -> int:
    from .cli_common import CommandError
    from .domain.signing import SigningError, generate_private_key, trusted_key_entry, trusted_keys_json, write_private_key
    from .storage.atomic import WriteError, atomic_write_text

    key = generate_private_key()
    try:
        path = write_private_key(key, args.key)
    except SigningError as exc:
        raise CommandError(str(exc)) from None
    entry = trusted_key_entry(key, args.compiler)
    print(f"Wrote the private key {path} (mode 600). Keep it there and back it up offline; never commit it.")
    print(f"Key id {entry.key_id}, compiler {entry.compiler!r}, public key {entry.public_key}")
    if args.trusted_keys:
        try:
            atomic_write_text(args.trusted_keys, trusted_keys_json([entry]))
        except WriteError as exc:
            raise CommandError(str(exc)) from None
        print(f"Wrote {args.trusted_keys}: this key is now the only one the application trusts. "
              f"Re-sign the bundled dataset ({RESIGN_COMMAND}) and commit both files.")
    return 0


def cmd_sign(args: argparse.Namespace) -> int:
    from .cli_common import CommandError
    from .domain.signing import (
        SigningError,
        load_private_key,
        shipped_trusted_keys,
        sign_bytes,
        signature_json,
        signature_path_for,
        trusted_key_entry,
        verify_bytes,
    )
    from .storage.atomic import WriteError, atomic_write_text

    data, dataset = _read_valid(args.path)
    try:
        key = load_private_key(args.key)
        trusted = shipped_trusted_keys()
    except SigningError as exc:
        raise CommandError(str(exc)) from None
    key_id = trusted_key_entry(key, "-").key_id
    compiler = args.compiler or (trusted[key_id].compiler if key_id in trusted else None)
    if not compiler:
        raise CommandError(f"The key {key_id} is not one this application ships; say who signs with --compiler NAME.")
    signature = sign_bytes(data, key, compiler, dataset.edition.id)
    target = signature_path_for(args.path)
    try:
        atomic_write_text(target, signature_json(signature))
    except WriteError as exc:
        raise CommandError(str(exc)) from None
    print(f"Signed {args.path} (edition {dataset.edition.id}) with key {key_id} as {compiler!r}: wrote {target}")
    result = verify_bytes(data, target.read_bytes(), trusted, dataset.edition.id, dataset.edition.date_compiled)
    if not result.verified:
        print(f"Note: this application will say “{result.message}” — its shipped keys "
              "(resources/edition-keys.json) do not include this key.", file=sys.stderr)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .domain.loading import parse_dataset, read_capped
    from .domain.problems import DatasetError
    from .domain.signing import verify_dataset_bytes

    try:
        data = read_capped(Path(args.path))
    except DatasetError as exc:
        print(f"Not verified: {exc.problems[0].message}")
        return 1
    try:
        dataset = parse_dataset(data, args.path)
        edition_id, compiled = dataset.edition.id, dataset.edition.date_compiled
    except DatasetError as exc:
        print(f"Not verified: the dataset is not valid ({len(exc.problems)} problem(s); see `briefing-app validate`)")
        return 1
    result = verify_dataset_bytes(data, args.path, edition_id, compiled)
    print(result.message)
    if not result.verified and Path(args.path).resolve() == _bundled().resolve():
        print(f"The bundled dataset must be re-signed after every edit: {RESIGN_COMMAND} "
              "(docs/editions.md).", file=sys.stderr)
    return 0 if result.verified else 1


def _bundled() -> Path:
    from .domain.bundled import bundled_dataset_path

    return bundled_dataset_path()


def cmd_diff(args: argparse.Namespace) -> int:
    from .cli_common import write_output
    from .domain.diff import diff_datasets, diff_csv, diff_json, diff_text

    _, old = _read_valid(args.old)
    _, new = _read_valid(args.new)
    changes = diff_datasets(old, new)
    render = {"text": diff_text, "csv": diff_csv, "json": diff_json}[args.format]
    write_output(render(changes), args.output, csv=args.format == "csv")
    return 0
