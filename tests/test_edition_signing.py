"""Verified editions (issue 19): the bundled edition verifies; an altered byte, a missing or damaged signature
and an unknown key each make it "Not verified" with the reason; the command line signs and verifies; keys
are made private and never overwritten. Tests make their own keys: the project's private key is not here."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from briefing_app.cli import main
from briefing_app.domain import load_catalogue, signing
from briefing_app.domain.bundled import bundled_dataset_path
from briefing_app.domain.dates import long_date

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def test_key(tmp_path):
    """A fresh key made for this test, and a trusted-key list holding only it."""
    key = signing.generate_private_key()
    path = signing.write_private_key(key, tmp_path / "keys" / "test.key")
    entry = signing.trusted_key_entry(key, "Test compiler")
    return key, path, {entry.key_id: entry}


@pytest.fixture()
def bundled_copy(tmp_path) -> Path:
    """The bundled dataset and its signature, copied byte for byte."""
    folder = tmp_path / "edition"
    folder.mkdir()
    shutil.copyfile(bundled_dataset_path(), folder / "dataset.json")
    shutil.copyfile(signing.signature_path_for(bundled_dataset_path()), folder / "dataset.json.sig")
    return folder / "dataset.json"


def test_the_bundled_edition_verifies():
    catalogue = load_catalogue()
    result = catalogue.verification
    assert result.verified, (
        f"The bundled dataset is not a verified edition ({result.message}). After every edit of "
        f"data/dataset.json, re-sign it with `{signing.RESIGN_COMMAND}` (docs/editions.md) and commit "
        "data/dataset.json.sig."
    )
    edition = catalogue.edition
    shipped = signing.shipped_trusted_keys()
    assert result.message == (
        f"Verified edition {edition.id}, compiled {long_date(edition.date_compiled)} "
        f"by {shipped[result.key_id].compiler}"
    )


def test_the_shipped_key_list_holds_public_keys_only():
    text = (REPO / "resources" / signing.TRUSTED_KEYS_NAME).read_text(encoding="utf-8")
    assert "PRIVATE" not in text
    keys = signing.shipped_trusted_keys()
    assert len(keys) >= 1
    for key_id, key in keys.items():
        import base64

        raw = base64.b64decode(key.public_key)
        assert len(raw) == 32 and signing.key_id_of(raw) == key_id


def test_no_private_key_is_in_the_repository():
    marker = b"-----BEGIN " + b"PRIVATE KEY-----"  # spelt in two parts so that this file does not hold it
    skipped = {".venv", ".git", "build", "dist", ".pytest_cache", ".hypothesis", "__pycache__"}
    for path in REPO.rglob("*"):
        if skipped & set(path.relative_to(REPO).parts) or not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        assert marker not in path.read_bytes(), f"{path} holds a private key: remove it and rotate the key"


def test_one_altered_byte_makes_it_not_verified(bundled_copy):
    data = bytearray(bundled_copy.read_bytes())
    # One letter of a statement changed: the file is still a valid dataset, but not the signed one.
    at = data.index(b"Just over a quarter")
    data[at] = ord("j")
    bundled_copy.write_bytes(bytes(data))
    catalogue = load_catalogue(bundled_copy)  # unverified data still opens
    result = catalogue.verification
    assert not result.verified
    assert result.message.startswith("Not verified: altered after signing")
    assert "do not match the signature" in result.reason


def test_unsigned_and_damaged_signatures_say_so(bundled_copy):
    signature = bundled_copy.with_name("dataset.json.sig")
    signature.write_text("{not json", encoding="utf-8")
    assert load_catalogue(bundled_copy).verification.message.startswith(
        "Not verified: the signature file dataset.json.sig is damaged")
    signature.unlink()
    assert load_catalogue(bundled_copy).verification.message == (
        "Not verified: unsigned (there is no signature file dataset.json.sig)")


def test_a_signature_by_an_unknown_key_is_not_verified(bundled_copy, test_key):
    key, _, _ = test_key
    data = bundled_copy.read_bytes()
    sig = signing.sign_bytes(data, key, "Someone else")
    bundled_copy.with_name("dataset.json.sig").write_text(signing.signature_json(sig), encoding="utf-8")
    result = load_catalogue(bundled_copy).verification
    assert not result.verified
    assert result.reason.startswith(f"signed by an unknown key ({sig.key_id}, which says it is 'Someone else')")


def test_the_compiler_name_comes_from_the_trusted_key_not_the_signature_file(bundled_copy, test_key):
    key, _, trusted = test_key
    data = bundled_copy.read_bytes()
    sig = signing.sign_bytes(data, key, "Test compiler").model_copy(update={"compiler": "An impostor"})
    result = signing.verify_bytes(data, signing.signature_json(sig).encode(), trusted, "e1")
    assert result.verified and result.compiler == "Test compiler"
    assert "impostor" not in result.message


def test_cli_sign_then_verify(tmp_path, bundled_copy, test_key, monkeypatch, capsys):
    _, key_path, trusted = test_key
    monkeypatch.setattr(signing, "shipped_trusted_keys", lambda: trusted)
    assert main(["edition", "sign", "--key", str(key_path), str(bundled_copy)]) == 0
    written = json.loads(bundled_copy.with_name("dataset.json.sig").read_text(encoding="utf-8"))
    assert written["compiler"] == "Test compiler" and written["algorithm"] == "ed25519"
    capsys.readouterr()
    assert main(["edition", "verify", str(bundled_copy)]) == 0
    assert capsys.readouterr().out.startswith("Verified edition smf-cmi-compendium")
    bundled_copy.write_bytes(bundled_copy.read_bytes().replace(b"Just over", b"Just under", 1))
    assert main(["edition", "verify", str(bundled_copy)]) == 1
    assert capsys.readouterr().out.startswith("Not verified: altered after signing")


def test_cli_verify_of_the_bundled_dataset_exits_0(capsys):
    assert main(["edition", "verify", str(bundled_dataset_path())]) == 0
    assert capsys.readouterr().out.startswith("Verified edition ")


def test_cli_sign_refuses_an_invalid_dataset(tmp_path, test_key, capsys):
    _, key_path, _ = test_key
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1}', encoding="utf-8")
    assert main(["edition", "sign", "--key", str(key_path), "--compiler", "T", str(broken)]) == 1
    assert "cannot be used" in capsys.readouterr().err
    assert not signing.signature_path_for(broken).exists()


def test_keygen_makes_a_private_file_and_never_overwrites(tmp_path, capsys):
    key_path = tmp_path / "compiler" / "ed25519.key"
    trusted = tmp_path / "edition-keys.json"
    assert main(["edition", "keygen", "--key", str(key_path), "--compiler", "New compiler",
                 "--trusted-keys", str(trusted)]) == 0
    assert key_path.stat().st_mode & 0o777 == 0o600
    assert (key_path.parent.stat().st_mode & 0o777) == 0o700
    (entry,) = signing.read_trusted_keys(trusted).values()
    assert entry.compiler == "New compiler"
    assert entry.key_id == signing.trusted_key_entry(signing.load_private_key(key_path), "x").key_id
    before = key_path.read_bytes()
    assert main(["edition", "keygen", "--key", str(key_path), "--compiler", "Other"]) == 1
    assert "never overwritten" in capsys.readouterr().err
    assert key_path.read_bytes() == before


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_key_others_can_read_is_refused(test_key):
    _, key_path, _ = test_key
    key_path.chmod(0o644)
    with pytest.raises(signing.SigningError, match="chmod 600"):
        signing.load_private_key(key_path)


def test_signing_is_reproducible_with_one_make_target():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "\nsign:" in makefile and "edition sign" in makefile


def test_edition_without_an_action_says_what_to_do(capsys):
    assert main(["edition"]) == 2
    assert "edition {keygen,sign,verify,diff}" in capsys.readouterr().err


def test_verify_of_an_unsigned_bundled_dataset_says_how_to_re_sign(bundled_copy, monkeypatch, capsys):
    from briefing_app import edition_cli

    bundled_copy.write_bytes(bundled_copy.read_bytes().replace(b"Just over", b"Just under", 1))
    monkeypatch.setattr(edition_cli, "_bundled", lambda: bundled_copy)
    assert main(["edition", "verify", str(bundled_copy)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("Not verified: altered after signing")
    assert f"re-signed after every edit: {signing.RESIGN_COMMAND}" in captured.err
