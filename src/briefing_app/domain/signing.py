"""Verified editions: an Ed25519 signature by the dataset's compiler over the dataset file's exact bytes.

No Qt here. The signature lives in a detached file beside the dataset (``dataset.json.sig``, JSON), so the
dataset itself is not touched by signing and any tool can check it. The application trusts only the public
keys shipped inside it (``resources/edition-keys.json``); the compiler's private key never enters the
repository (docs/editions.md says how to make, guard and rotate it).

What is authenticated, exactly: the signature covers the dataset bytes, so the edition id and compilation
date shown ("Verified edition …, compiled … by …") come from signed data, and the compiler's name comes
from the shipped key list, never from the signature file (whose other fields are unsigned, informational).
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .dates import long_date

SIGNATURE_SUFFIX = ".sig"
SIGNATURE_FORMAT = "briefing-app-edition-signature"
ALGORITHM = "ed25519"
MAX_SIGNATURE_BYTES = 64 * 1024
TRUSTED_KEYS_NAME = "edition-keys.json"
# Where `make sign` and docs/editions.md keep the project compiler's private key: outside every repository.
DEFAULT_KEY_PATH = Path.home() / ".config" / "briefing-app-compiler" / "ed25519.key"
RESIGN_COMMAND = "make sign"


class SigningError(Exception):
    """A key or signature cannot be made or read; the message says why in plain words."""


# ---- files ----------------------------------------------------------------------------------------------


class SignatureFile(BaseModel):
    """The detached signature file. Only ``signature`` is checked; the rest says who and when."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: str = Field(default=SIGNATURE_FORMAT, pattern=f"^{SIGNATURE_FORMAT}$")
    version: int = Field(default=1, ge=1, le=1)
    algorithm: str = Field(default=ALGORITHM, pattern=f"^{ALGORITHM}$")
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    compiler: str = Field(min_length=1, max_length=200)
    signed_at: datetime
    edition_id: str = Field(default="", max_length=100)
    dataset_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    signature: str = Field(min_length=1, max_length=200, description="base64 of the 64-byte Ed25519 signature")


class TrustedKey(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    compiler: str = Field(min_length=1, max_length=200)
    public_key: str = Field(description="base64 of the 32-byte raw Ed25519 public key")
    added: date


class TrustedKeysFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: str = Field(default="briefing-app-edition-keys", pattern="^briefing-app-edition-keys$")
    note: str = ""
    keys: list[TrustedKey] = []


def signature_path_for(dataset_path: str | os.PathLike[str]) -> Path:
    path = Path(dataset_path)
    return path.with_name(path.name + SIGNATURE_SUFFIX)


def key_id_of(public_raw: bytes) -> str:
    """The first 16 hex digits of the SHA-256 of the raw public key: short, stable, printable."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def _public_raw(private_key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# ---- keys -----------------------------------------------------------------------------------------------


def generate_private_key():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate()


def private_key_from_seed(seed: bytes):
    """A key from 32 bytes: only for test keys that everyone may know (never trusted by the app)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed).digest())


def write_private_key(private_key, path: str | os.PathLike[str]) -> Path:
    """Write a new private key file (PEM, PKCS#8), readable by its owner only; never replaces a file."""
    from cryptography.hazmat.primitives import serialization

    target = Path(path)
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Created 0600 from the start (never readable by others, even for a moment), and never over a file.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SigningError(f"{target} already exists: a key is never overwritten (move it away first).") from None
    except OSError as exc:
        raise SigningError(f"Cannot create {target}: {exc.strerror or exc}.") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
    return target


def load_private_key(path: str | os.PathLike[str]):
    """The Ed25519 private key in ``path``; refused when others may read the file (as ssh does)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    target = Path(path)
    try:
        status = target.stat()
    except FileNotFoundError:
        raise SigningError(
            f"No key at {target}. A compiler without the project's key makes a new one with "
            "`briefing-app edition keygen` (docs/editions.md, key rotation)."
        ) from None
    except OSError as exc:
        raise SigningError(f"Cannot read {target}: {exc.strerror or exc}.") from None
    if not stat.S_ISREG(status.st_mode):
        raise SigningError(f"{target} is not a regular file.")
    if os.name == "posix" and status.st_mode & 0o077:
        raise SigningError(
            f"{target} may be read by other users (mode {stat.filemode(status.st_mode)}): "
            f"run `chmod 600 {target}` and consider the key exposed if others could read it."
        )
    try:
        key = serialization.load_pem_private_key(target.read_bytes()[:64 * 1024], password=None)
    except (ValueError, TypeError) as exc:
        raise SigningError(f"{target} is not an unencrypted PEM private key ({exc}).") from None
    except OSError as exc:
        raise SigningError(f"Cannot read {target}: {exc.strerror or exc}.") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(f"{target} holds a {type(key).__name__}, not an Ed25519 key.")
    return key


def trusted_key_entry(private_key, compiler: str, added: date | None = None) -> TrustedKey:
    raw = _public_raw(private_key)
    return TrustedKey(
        key_id=key_id_of(raw), compiler=compiler, public_key=base64.b64encode(raw).decode("ascii"),
        added=added or date.today(),
    )


def trusted_keys_json(keys: list[TrustedKey]) -> str:
    model = TrustedKeysFile(
        note=(
            "Public keys of the compilers whose dataset editions this application shows as verified. "
            "Replace with `briefing-app edition keygen --trusted-keys resources/edition-keys.json` "
            "(docs/editions.md, key rotation). Never put a private key here."
        ),
        keys=keys,
    )
    return model.model_dump_json(indent=2) + "\n"


def read_trusted_keys(path: str | os.PathLike[str]) -> dict[str, TrustedKey]:
    try:
        model = TrustedKeysFile.model_validate_json(Path(path).read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValidationError) as exc:
        raise SigningError(f"The list of trusted keys {path} cannot be read: {exc}") from None
    return {key.key_id: key for key in model.keys}


def shipped_keys_path() -> Path:
    from .bundled import resources_dir

    return resources_dir() / TRUSTED_KEYS_NAME


def shipped_trusted_keys() -> dict[str, TrustedKey]:
    """The keys shipped inside the application: the only ones whose editions it calls verified."""
    return read_trusted_keys(shipped_keys_path())


# ---- signing --------------------------------------------------------------------------------------------


def sign_bytes(data: bytes, private_key, compiler: str, edition_id: str = "",
               signed_at: datetime | None = None) -> SignatureFile:
    raw = _public_raw(private_key)
    signature = private_key.sign(data)
    return SignatureFile(
        key_id=key_id_of(raw),
        compiler=compiler,
        signed_at=(signed_at or datetime.now(UTC)).replace(microsecond=0),
        edition_id=edition_id,
        dataset_sha256=hashlib.sha256(data).hexdigest(),
        signature=base64.b64encode(signature).decode("ascii"),
    )


def signature_json(signature: SignatureFile) -> str:
    return signature.model_dump_json(indent=2) + "\n"


# ---- verifying ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the application says about an edition: verified, or not and why."""

    verified: bool
    reason: str = ""  # why not, in plain words ("" when verified)
    edition_id: str = ""
    compiled: date | None = None
    compiler: str = ""  # from the shipped key list when verified
    key_id: str = ""
    signed_at: datetime | None = None
    dataset_sha256: str = ""  # of the bytes checked: names this exact edition (storage/editions.py)

    @property
    def message(self) -> str:
        if self.verified:
            compiled = long_date(self.compiled) if self.compiled else "on an unknown date"
            return f"Verified edition {self.edition_id}, compiled {compiled} by {self.compiler}"
        return f"Not verified: {self.reason}"

    @property
    def brief(self) -> str:
        """The message without the details in brackets, for a narrow place (the window's status bar)."""
        if self.verified:
            return self.message
        return f"Not verified: {self.reason.split(' (', 1)[0]}"


UNCHECKED = Verification(False, "the edition was not checked (no dataset file)")


def verify_bytes(data: bytes, signature_data: bytes | None, trusted: dict[str, TrustedKey],
                 edition_id: str = "", compiled: date | None = None,
                 signature_name: str = "the signature file") -> Verification:
    """Check ``data`` (the dataset file's exact bytes) against a detached signature and the trusted keys."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    common = {"edition_id": edition_id, "compiled": compiled, "dataset_sha256": hashlib.sha256(data).hexdigest()}
    if signature_data is None:
        return Verification(False, f"unsigned (there is no signature file {signature_name})", **common)
    try:
        signature = SignatureFile.model_validate_json(signature_data)
        signature_bytes = base64.b64decode(signature.signature, validate=True)
    except (ValidationError, ValueError) as exc:
        first = exc.errors(include_url=False)[0] if isinstance(exc, ValidationError) else None
        where = f" ({'.'.join(map(str, first['loc']))}: {first['msg']})" if first else ""
        return Verification(False, f"the signature file {signature_name} is damaged{where}", **common)
    common.update(key_id=signature.key_id, signed_at=signature.signed_at)
    key = trusted.get(signature.key_id)
    if key is None:
        return Verification(
            False,
            f"signed by an unknown key ({signature.key_id}, which says it is {signature.compiler!r}); "
            "this application trusts only its own compiler's key",
            **common,
        )
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(key.public_key)).verify(signature_bytes, data)
    except (InvalidSignature, ValueError):
        return Verification(
            False,
            f"altered after signing (the file's bytes do not match the signature {key.compiler} made "
            f"on {long_date(signature.signed_at.date())})",
            **common,
        )
    return Verification(True, "", compiler=key.compiler, **common)


def read_signature(dataset_path: str | os.PathLike[str]) -> bytes | None:
    """The signature file's bytes beside ``dataset_path``, or None when there is none."""
    path = signature_path_for(dataset_path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return b"not a regular file"
        with open(path, "rb") as handle:
            return handle.read(MAX_SIGNATURE_BYTES)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}".encode()


def verify_dataset_bytes(data: bytes, dataset_path: str | os.PathLike[str], edition_id: str = "",
                         compiled: date | None = None,
                         trusted: dict[str, TrustedKey] | None = None) -> Verification:
    """Verify the bytes read from ``dataset_path`` with the signature file beside it."""
    if trusted is None:
        try:
            trusted = shipped_trusted_keys()
        except SigningError as exc:
            return Verification(False, str(exc), edition_id=edition_id, compiled=compiled,
                                dataset_sha256=hashlib.sha256(data).hexdigest())
    return verify_bytes(data, read_signature(dataset_path), trusted, edition_id, compiled,
                        signature_name=signature_path_for(dataset_path).name)

