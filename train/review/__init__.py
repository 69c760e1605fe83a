"""The human review loop: our paragraphs out to Label Studio or doccano, reviewed gold back.

* :mod:`.items` reads a corpus folder or a gold file into review items (one paragraph
  each) and runs the rules and/or a trained model over them, keeping scores;
* :mod:`.select` picks which paragraphs a person should look at (rules and model
  disagree, the model is unsure, or a seeded random sample);
* :mod:`.labelstudio` and :mod:`.doccano` write tasks and read exports back;
* :mod:`.spans` checks every reviewed span against its text before anything is written,
  so a shifted offset is reported with its task id instead of becoming bad gold;
* :mod:`.atomic` writes output through a temporary file and a rename, so a failed run
  never leaves half a file behind.

``anninh review export`` / ``anninh review import`` (``train/cli/review.py``) are the
command-line faces of these modules.
"""
from .items import ReviewItem, load_items, add_predictions
from .spans import ReviewImportError

__all__ = ["ReviewItem", "load_items", "add_predictions", "ReviewImportError"]
