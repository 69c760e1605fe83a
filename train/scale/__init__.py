"""``--engine ray``: ``anninh annotate`` and ``anninh label`` over a corpus on Ray Data.

The corpus is listed and cut into fixed shards in the driver (:mod:`.inputs`), each
shard is one row of a Ray dataset mapped by an actor pool that loads the rules or the
model once per actor (:mod:`.workers`); the driver writes each finished shard to a
temporary file, renames it and records it in a manifest written atomically
(:mod:`.manifest`), so a rerun skips what is done and :mod:`.verify` can prove every
article is in the output exactly once. :mod:`.engine` ties them together.

Ray is an optional extra (``pip install 'anninh-ner[ray]'``); nothing here imports it
at module level.
"""
