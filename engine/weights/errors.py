"""What can go wrong with model weights, in sentences a user reads."""

from __future__ import annotations

from engine.i18n import QT_TRANSLATE_NOOP, UserError


class UnknownModel(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "Pictor does not know a model called “{name}”. Known models: {known}."
    )


class ModelMissing(UserError):
    """A feature needs a model whose weights are not installed.

    ``params`` holds ``name`` (registry name), ``title`` and ``size`` (human
    readable) so a window can offer Download and Import for that model.
    """

    template = QT_TRANSLATE_NOOP(
        "engine",
        "The model “{title}” ({size}) is not installed. Download it or import "
        "a weight file you already have in the Models window.",
    )
    # What the command line prints instead (it has no Models window).
    cli_template = (
        "The model “{title}” ({size}) is not installed. Run `pictor models "
        "download {name}`, or `pictor models import {name} FILE` with a weight "
        "file you already have."
    )


class NeedsPackage(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The model “{title}” needs the Python package “{package}”, which is not "
        "installed in this copy of Pictor.",
    )


class DownloadNotFound(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The file for “{title}” was not found on the server ({url}). The address "
        "may have changed; import the file instead if you have it.",
    )


class DownloadFailed(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "Downloading “{title}” failed: {reason}. What was already downloaded is "
        "kept; start the download again to continue.",
    )


class DownloadStalled(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The server stopped sending “{title}” for {seconds} seconds. What was "
        "already downloaded is kept; start the download again to continue.",
    )


class ChecksumMismatch(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The downloaded file {file} does not match its published checksum, so it "
        "was deleted. It may have been damaged on the way; try again.",
    )


class SizeMismatch(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The downloaded file {file} has {found} bytes instead of {expected}, so it "
        "was deleted; try again.",
    )


class EmptyWeightFile(UserError):
    template = QT_TRANSLATE_NOOP("engine", "The file {file} is empty.")


class UnreadableWeightFile(UserError):
    template = QT_TRANSLATE_NOOP("engine", "The file {file} cannot be read: {reason}.")


class DamagedWeightFile(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The file {file} is damaged or is not a weight file (it may be cut off).",
    )


class RefusedWeightFile(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "Pictor refused to open {file}: besides weights it contains program code "
        "or other objects that could run on this computer. Nothing in it was run.",
    )


class TorchScriptRefused(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "Pictor refused to open {file}: it is a TorchScript program, not a plain "
        "weight file. Use the .safetensors or .bin file of the same model instead.",
    )


class NoWeightsInFile(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "The file {file} holds no weights (no tensors were found in it)."
    )


class WrongShape(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The file {file} does not fit “{title}”: layer {layer} has shape {found}, "
        "but the model needs {expected}.",
    )


class MissingLayers(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The file {file} does not fit “{title}”: {count} layers are missing, for "
        "example {layer}.",
    )


class ExtraLayers(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The file {file} does not fit “{title}”: it has {count} layers the model "
        "does not have, for example {layer}.",
    )


class NotAModelFile(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The file {file} is not one of the files of “{title}”, which are: {files}.",
    )


class SeveralWeightFiles(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "Choose one weight file for “{title}”; these are all weight files: {files}.",
    )


class SameFileTwice(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "Two different files called {name} were given for “{title}”; choose one.",
    )


class NoModelFiles(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The folder {folder} holds none of the files of “{title}”, which are: {files}.",
    )


class BadConfigFile(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The file {file} is not a model configuration Pictor can read (a JSON "
        "object was expected) for “{title}”.",
    )


class ConfigForAnotherModel(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The file {file} configures a “{found}” text model, but “{title}” needs "
        "a “{expected}” one.",
    )


class ConfigDoesNotFit(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The file {file} does not describe a text model that fits “{title}”: {reason}.",
    )


class BadTokenizerFile(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The file {file} is not a tokenizer file Pictor can read for “{title}” "
        "(it may be damaged or of another kind).",
    )


class TokenizerTooLarge(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The tokenizer {file} has {found} tokens, but the text model of “{title}” "
        "has only {expected}: it belongs to another model.",
    )


class DamagedInstalledModel(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The installed weights of “{title}” in {folder} are damaged ({reason}). "
        "Remove the model and download or import it again.",
    )
