"""What a project holds, in figures a user recognises, and the next step."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from engine import library, store
from engine.i18n import QT_TRANSLATE_NOOP
from engine.labels import list_classes

if TYPE_CHECKING:
    from engine.project import Project

# The fewest labelled photos per class the classifier's data check accepts.
MIN_PER_CLASS = 5

NEXT_ADD_PHOTOS = QT_TRANSLATE_NOOP(
    "engine",
    "Next, add photos: drop photos or folders anywhere on this window. Then "
    "sort them into classes, train a classifier on them, or search them by "
    "describing what is in a picture.",
)
NEXT_LABEL = QT_TRANSLATE_NOOP(
    "engine",
    "Next, sort the photos into classes in Label: at least two classes with "
    "{needed} photos or more in each. Number keys label the selected photos.",
)
NEXT_TRAIN = QT_TRANSLATE_NOOP(
    "engine",
    "Next, train a classifier on your labelled photos in Train; Quick takes seconds.",
)
NEXT_EXPLORE = QT_TRANSLATE_NOOP(
    "engine",
    "Your classifier is ready: try it on new photos in Train, search your "
    "photos by describing them in Search, or train a language model on your "
    "own text in Text.",
)


@dataclass(frozen=True)
class ProjectSummary:
    """Counts of what the project holds.

    ``active_accuracy`` is the validation accuracy of the classifier in use
    (None without one); ``indexed`` counts the photos searchable with the
    project's search model.
    """

    photos: int
    labelled: int
    unlabeled: int
    missing: int
    damaged: int
    classes: int
    ready_classes: int
    classifier_runs: int
    active_run: int | None
    active_accuracy: float | None
    indexed: int
    language_models: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def next_step(self) -> tuple[str, dict[str, Any]]:
        """The sentence (a template and its arguments) for what to do next."""
        if not self.photos:
            return NEXT_ADD_PHOTOS, {}
        if self.ready_classes < 2:
            return NEXT_LABEL, {"needed": MIN_PER_CLASS}
        if self.active_run is None:
            return NEXT_TRAIN, {}
        return NEXT_EXPLORE, {}


def summarise(project: Project) -> ProjectSummary:
    """Count the project's photos, classes, models and search index.

    Args:
        project: the open project.

    Returns:
        A :class:`ProjectSummary`; it reads the database and lists the run
        folders, nothing more, so it is cheap enough for the GUI thread.
    """
    from engine.text.lstm import list_runs as language_runs
    from engine.vision.indexing import search_model
    from engine.vision.runs import list_runs as classifier_runs

    counts = library.library_counts(project)
    runs = classifier_runs(project)
    active = next((r for r in runs if r.active and r.has_model), None)
    accuracy = (active.results or {}).get("accuracy") if active else None
    searchable = store.search_counts(project.store.connection(), search_model(project))
    return ProjectSummary(
        photos=counts.all,
        labelled=counts.labelled,
        unlabeled=counts.unlabeled,
        missing=counts.missing,
        damaged=counts.damaged,
        classes=len(list_classes(project)),
        ready_classes=sum(n >= MIN_PER_CLASS for n in counts.per_class.values()),
        classifier_runs=sum(r.has_model for r in runs),
        active_run=active.id if active else None,
        active_accuracy=accuracy,
        indexed=int(searchable["embedded"]),
        language_models=len(language_runs(project.runs_dir)),
    )
