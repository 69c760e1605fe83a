"""Stage 1, corpus: raw articles in, labelled paragraphs out.

Reading corpus sources (.txt folders, .jsonl[.gz]) and reporting bad files by name
(:mod:`.reader`, :mod:`.sources`); silver labels from the rule engine (:mod:`.labeling`);
word segmentation and silver labelling cached as Arrow (:mod:`.prepare`); the gold JSONL
format every stage reads and writes (:mod:`.gold`); the one CoNLL dialect (:mod:`.conll`).
"""
