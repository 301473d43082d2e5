"""Model weights: the registry of models Pictor offers, download with resume
and checksum, import of a file the user has, safe loading.

Vision and search code call :func:`load_model`; the Models window and the
``pictor models`` command use the rest. Torch is imported only inside the
functions that need it.
"""

from engine.weights.download import DownloadSettings
from engine.weights.errors import (
    ChecksumMismatch,
    DamagedInstalledModel,
    DamagedWeightFile,
    DownloadFailed,
    DownloadNotFound,
    DownloadStalled,
    EmptyWeightFile,
    ModelMissing,
    NeedsPackage,
    RefusedWeightFile,
    UnknownModel,
    WrongShape,
)
from engine.weights.install import (
    download_job,
    download_model,
    import_job,
    import_model,
    import_outcome,
    remove_model,
    still_needed,
)
from engine.weights.installed import (
    DOWNLOADING,
    INSTALLED,
    MISSING,
    STATUS_TEXT,
    UNVERIFIED,
    ModelInfo,
    list_models,
    model_status,
)
from engine.weights.loading import LoadedModel, load_model, missing_error
from engine.weights.registry import (
    DEFAULT_CLASSIFIER,
    DEFAULT_SEARCH,
    MULTILINGUAL_SEARCH,
    REGISTRY,
    Checksum,
    FileSpec,
    ModelSpec,
    get_spec,
    human_size,
)

__all__ = [
    "DEFAULT_CLASSIFIER",
    "DEFAULT_SEARCH",
    "DOWNLOADING",
    "INSTALLED",
    "MISSING",
    "MULTILINGUAL_SEARCH",
    "REGISTRY",
    "STATUS_TEXT",
    "UNVERIFIED",
    "Checksum",
    "ChecksumMismatch",
    "DamagedInstalledModel",
    "DamagedWeightFile",
    "DownloadFailed",
    "DownloadNotFound",
    "DownloadSettings",
    "DownloadStalled",
    "EmptyWeightFile",
    "FileSpec",
    "LoadedModel",
    "ModelInfo",
    "ModelMissing",
    "ModelSpec",
    "NeedsPackage",
    "RefusedWeightFile",
    "UnknownModel",
    "WrongShape",
    "download_job",
    "download_model",
    "get_spec",
    "human_size",
    "import_job",
    "import_model",
    "import_outcome",
    "list_models",
    "load_model",
    "missing_error",
    "model_status",
    "remove_model",
    "still_needed",
]
