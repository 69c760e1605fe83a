"""Text handling: normalisation with offset maps, paragraphs, sentences, tokens, words."""
from .boilerplate import boilerplate_reason, is_boilerplate
from .normalize import NormalizedText, fold_case, norm_key, normalize
from .paragraphs import ParagraphSpan, cut_long_line, iter_paragraphs, iter_pieces, iter_windows, split_paragraphs
from .sentences import split_sentences
from .tokens import Token, tokenize, tokenize_normalized
from .wordseg import Word, get_segmenter, register_segmenter, segment_words

__all__ = [
    "NormalizedText", "ParagraphSpan", "Token", "Word", "boilerplate_reason", "cut_long_line", "fold_case",
    "get_segmenter", "is_boilerplate", "iter_paragraphs", "iter_pieces", "iter_windows", "norm_key", "normalize",
    "register_segmenter", "segment_words", "split_paragraphs", "split_sentences", "tokenize", "tokenize_normalized",
]
