"""Text handling: normalisation with offset maps, paragraphs, sentences, tokens, words."""
from .boilerplate import boilerplate_reason, is_boilerplate
from .normalize import NormalizedText, fold_case, norm_key, normalize
from .paragraphs import ParagraphSpan, split_paragraphs
from .sentences import split_sentences
from .tokens import Token, tokenize, tokenize_normalized
from .wordseg import Word, get_segmenter, register_segmenter, segment_words

__all__ = [
    "NormalizedText", "ParagraphSpan", "Token", "Word", "boilerplate_reason", "fold_case",
    "get_segmenter", "is_boilerplate", "norm_key", "normalize", "register_segmenter",
    "segment_words", "split_paragraphs", "split_sentences", "tokenize", "tokenize_normalized",
]
