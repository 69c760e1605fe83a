"""Small grammars shared by several labeling functions: place names and agency names.

Vietnamese agency names are built from a head and what identifies it:
``Công an`` + place (``tỉnh Nghệ An``, ``TP.HCM``), ``Phòng`` + unit name
(``Cảnh sát hình sự``) + parent agency (``Công an tỉnh X``), ``Quân khu`` + number,
``Chi cục Hải quan`` + ``khu vực II``. The parser follows that structure over tokens and
refuses the plural and generic readings the guideline excludes (``Công an 3 tỉnh``,
``Công an các tỉnh``, ``Bộ Công an hai nước``, ``Giám đốc Công an tỉnh`` with no place).
"""
from __future__ import annotations

import re

from .context import ParaView
from model.text.normalize import norm_key

from .lexicon import word_set
from .settings import threshold
from .resources import CODE_RE, GLUED_ADMIN_RE, PLACE_CATEGORIES
from .shapes import gazetteer_end, is_number, person_starts

AGENCY_HEADS = ("named", "place_head", "unit_head", "standalone")
_ADMIN_PLACES = tuple(PLACE_CATEGORIES) + ("place_amb",)
# Sites that name a border, port or airport unit after its head: `Đồn Biên phòng cửa khẩu X`.
_SITE_WORDS = word_set("agency_cues", "site_words")
_TERM_WORDS = word_set("agency_cues", "term_words")
_OWNED_HEADS = word_set("agency_cues", "owned_heads")
_OWNERS = word_set("agency_cues", "owners")
_REGION_TAILS = word_set("agency_cues", "region_tails")
_TERM_NUMBER = re.compile(r"^(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})$")  # I to LXXXIX: `khóa XIV`
_BOUNDARY = frozenset({",", ";", ".", ":", ")", "(", "-", "...", "…", '"', "'", "!", "?"})
_FUNCTION = word_set("function_words", "function")
_AGENCY_VERBS = word_set("function_words", "agency_verbs")
# Strong surnames rarely occur inside place names: a run "Kỳ Sơn Nguyễn Văn A" splits there.
_SPLIT_SURNAMES = word_set("person_cues", "split_surnames")


def glued_admin(pv: ParaView, k: int) -> bool:
    """``TP.Huế``, ``TP.HCM``, ``Q.Bình Thạnh``: an admin abbreviation glued to a name."""
    s = pv.norm[k]
    m = GLUED_ADMIN_RE.match(s)
    if not m or not s[m.end():m.end() + 1].isupper():
        return False
    rest = s[m.end():]
    if m.end() == 2:  # one-letter prefixes (`Q.`, `P.`, `H.`, `X.`) look like initials (`P.V`)
        return len(rest) >= 2 and rest.isalpha() and not rest.isupper()
    return len(rest) >= 2 or rest.isalpha() and pv.longest(k + 1, PLACE_CATEGORIES) > k + 1


# Administrative levels whose units are not named after people: a full name after them
# is the person the title is about (`Chủ tịch UBND tỉnh Nguyễn Văn A`), whereas wards and
# communes often are (`phường Phạm Ngũ Lão`).
_NEVER_ORG = word_set("function_words", "never_org")
_PEOPLE_FIRST = word_set("agency_people_named", "first")
_PEOPLE_INSIDE = word_set("agency_people_named", "inside")
_UPPER_LEVELS = word_set("agency_cues", "upper_levels")
_ADMIN_ABBREVIATIONS = word_set("agency_cues", "admin_abbreviations")


def place_name_end(pv: ParaView, m: int, max_len: int = 6, admin: str = "") -> int:
    """End of a place name starting at token ``m`` (``m`` if none): the gazetteer's
    longest entry, else a run of capitalised syllables, cut before a person's name.
    Places named after people count here, after an admin word (`TP. Hồ Chí Minh`)."""
    g = pv.longest(m, _ADMIN_PLACES)
    if pv.caps_para:
        return g
    r = pv.name_run(m, max_len)
    if g > m:
        if r <= g:
            return g
        low = pv.low[g]
        if low in pv.res.surnames or low in pv.res.weak_surnames or gazetteer_end(pv, g) > g:
            return g  # `Kỳ Sơn | Nguyễn Văn A`, `Vinh | Nghệ An`
        return r  # the lexicon knows a shorter name: `Hà Nam Ninh`
    if (admin in _UPPER_LEVELS or not admin) and r - m >= 2 and person_starts(pv, m) \
            and (r - m >= 3 or pv.low[m + 1] in pv.res.middle_names and pv.low[m] in _SPLIT_SURNAMES):
        return m  # `UBND tỉnh Nguyễn Văn Sơn`: a person, the `tỉnh` is generic
    for p in range(m + 1, r - 1):
        if pv.low[p] in _SPLIT_SURNAMES:
            return p
    return r


def admin_at(pv: ParaView, k: int, sections=("admin_division",)) -> int:
    hits = pv.at(k, sections, case=False)
    return hits[0][0] if hits else k


def admin_place(pv: ParaView, k: int, sections=("admin_division",)) -> tuple[int, int]:
    """The shape "a head, then a place": an administrative word at ``k`` and the place name
    after it, as ``(name start, name end)``: ``tỉnh [Nghệ An]``, ``thôn [Hợp Đức]``.
    ``(k, k)`` when no admin word starts at ``k``; ``(m, m)`` when no name follows the word
    (``tỉnh này``). An agency's place (:func:`place_tail`), ``place_admin_context`` and the
    address reader of ``place_parenthetical`` all read a place after its word through it."""
    m = admin_at(pv, k, sections)
    if m == k or m >= pv.n:
        return m, m
    return m, place_name_end(pv, m, admin=" ".join(pv.low[k:m]))


def place_tail(pv: ParaView, k: int, allow_bare_admin: bool = True) -> int:
    """End of the place that names an agency, starting at ``k`` (``k`` if none).

    ``tỉnh Nghệ An``, ``TP Cần Thơ``, ``TP. Hồ Chí Minh``, ``Quận 1``, ``TP.HCM``,
    ``Thừa Thiên - Huế``; ``Thành phố``/``Tỉnh`` capitalised alone (``UBND Thành phố``).
    """
    n = pv.n
    if k >= n:
        return k
    m, e = admin_place(pv, k)
    if m > k:
        if m < n and is_number(pv, m) and pv.gap[m]:
            return m + 1
        if e > m:
            return e
        if pv.caps_para:
            known = _body_places(pv)
            for L in (4, 3, 2, 1):  # a headline: `CÔNG AN HUYỆN ĐỨC TRỌNG BẮT ...`, named in the body
                if m + L <= n and tuple(pv.low[m:m + L]) in known:
                    return m + L
        if allow_bare_admin and pv.cap[k] and (m >= n or not pv.cap[m] or not pv.alpha[m]):
            return m
        return k
    if glued_admin(pv, k):
        return glued_place_end(pv, k)
    return gazetteer_end(pv, k)


def _body_places(pv: ParaView) -> frozenset:
    """Place names written after an administrative word in the article's mixed-case
    paragraphs (folded syllables): what tells where a name ends in an all-capitals headline."""
    known = pv.doc_cache.get("body_places")
    if known is None:
        out = set()
        for q in pv.siblings:
            if q.caps_para:
                continue
            for k in q.matches:
                m, e = admin_place(q, k)
                if m > k and m < q.n and q.gap[m] and e > m:
                    out.add(tuple(q.low[m:e]))
        known = pv.doc_cache["body_places"] = frozenset(out)
    return known


def plural_end(pv: ParaView, k: int, named: bool = False) -> int:
    """End of a plural/generic qualifier at ``k`` (``k`` if none): a determiner (``3``,
    ``các``, ``hai``) and the generic noun after it when there is one (``tỉnh``, ``nước``,
    ``địa phương``). ``named``: the noun is required (``Bộ Công an hai nước``)."""
    n = pv.n
    if k >= n:
        return k
    res = pv.res
    low = pv.low
    if k + 1 < n and f"{low[k]} {low[k + 1]}" in res.plural_det:
        nk = k + 2
    elif low[k] in res.plural_det or pv.norm[k].isdigit():
        nk = k + 1
    else:
        return k
    noun = nk
    if nk < n:
        if nk + 1 < n and f"{low[nk]} {low[nk + 1]}" in res.plural_noun:
            noun = nk + 2
        else:
            noun = max(nk + 1 if low[nk] in res.plural_noun else nk, admin_at(pv, nk, ("admin_division", "admin_place")))
    if named and noun == nk:
        return k
    return noun


def plural_at(pv: ParaView, k: int, named: bool = False) -> bool:
    """A plural/generic qualifier at ``k``: ``3 tỉnh``, ``các tỉnh``, ``hai nước``, ``hai địa phương``."""
    return plural_end(pv, k, named) > k


def is_head(pv: ParaView, k: int) -> bool:
    return bool(pv.at(k, AGENCY_HEADS))


def _rank(pv: ParaView, k: int) -> bool:
    """A rank ends a unit name, and so do acronyms and one-word non-names; two-syllable words
    that are never names alone (`Thể thao`, `Hiến pháp`) do not: inside a unit's name after
    its head they are its words (`Tòa án Hiến pháp`, `Bệnh viện Thể thao Việt Nam`)."""
    if not pv.hardstop[k]:
        return False
    if pv.upper[k] or any(j == k + 1 for j, _e in pv.at(k, "non_name")):
        return True  # acronyms and one-word non-names still end it: `Vụ TNGT xảy ra`, `... Theo X`
    return bool(pv.at(k, "rank", case=False))


def _org_name_starts(pv: ParaView, k: int) -> bool:
    """A unit's name may start at ``k``: a capitalised word that is no rank, head, place or
    glued admin abbreviation (``Phòng [Cảnh sát] hình sự``; not ``Công an [Nghệ An]``,
    whose place is the head's place tail, not its name)."""
    return k < pv.n and pv.cap[k] and pv.norm[k][:1].isalnum() and not _rank(pv, k) and not is_head(pv, k) \
        and gazetteer_end(pv, k) == k and not glued_admin(pv, k)


def _amp_joins_words(pv: ParaView, j: int) -> bool:
    """A spaced ``&`` at ``j`` joins two capitalised words of one name: ``Thương binh [&] Xã hội``."""
    n = pv.n
    return pv.norm[j] == "&" and j + 1 < n and pv.cap[j + 1] and pv.gap[j] and pv.gap[j + 1] and pv.alpha[j + 1]


def _dash_joins_words(pv: ParaView, j: int) -> bool:
    """A dash at ``j`` before a capitalised word that starts no other agency joins one name:
    ``Lao động [-] Thương binh và Xã hội``, ``Sản[-] Nhi`` (typed against one word); not
    ``... [-] Công an tỉnh X`` (a parent agency)."""
    n = pv.n
    return pv.norm[j] == "-" and j + 1 < n and pv.cap[j + 1] and (pv.gap[j] or pv.gap[j + 1]) \
        and not is_head(pv, j + 1)


def _glued_code_joins(pv: ParaView, j: int) -> bool:
    """``&`` or ``-`` glued between two acronyms at ``j``: ``GD[&]ĐT``, ``LĐ[-]TB[-]XH``."""
    n = pv.n
    return pv.norm[j] in {"&", "-"} and not pv.gap[j] and j + 1 < n and not pv.gap[j + 1] \
        and pv.upper[j + 1] and pv.upper[j - 1]


def _org_joiner(pv: ParaView, j: int) -> tuple[int, bool] | None:
    """A symbol at ``j`` inside a unit's name: ``(next token, whether the name reaches it)``,
    or None. The word after a spaced ``&`` and a glued code belong to the name at once; after
    a dash the next word is read as any other."""
    if _amp_joins_words(pv, j):
        return j + 2, True
    if _dash_joins_words(pv, j):
        return j + 1, False
    if _glued_code_joins(pv, j):
        return j + 2, True
    return None


def _org_capitalised_word(pv: ParaView, j: int, people: bool) -> tuple[int, bool] | None:
    """A capitalised word at ``j`` inside a unit's name: ``(end, whether it is a place)``, or
    None where the name ends before it. A place goes in whole (``Sở Du lịch [Nghệ An]``); a
    rank, another head or (unless ``people``) a person's full name ends the name (``Ủy ban
    Dân tộc | Đỗ Văn Chiến``: the name after a titled agency)."""
    g = gazetteer_end(pv, j)
    if g > j:
        return g, True
    if _rank(pv, j) or is_head(pv, j) or (not people and person_starts(pv, j)):
        return None
    return j + 1, False


def _lower_words_end(pv: ParaView, j: int) -> int:
    """End of the lower-case syllables at ``j`` that may sit inside a unit's name (at most
    ``org_lowercase_run``, no function word): ``Cảnh sát [hình sự]``, ``Cảng [hàng không]``."""
    n = pv.n
    limit = threshold("org_lowercase_run")
    g = j
    while g < n and g - j < limit and pv.gap[g] and pv.norm[g][:1].isalnum() and not pv.cap[g] \
            and pv.low[g] not in _FUNCTION:
        g += 1
    return g


def _lower_words_go_on(pv: ParaView, j: int, g: int) -> bool:
    """The lower-case syllables ``j:g`` are inside the name, which goes on after them: one
    syllable, or only organisation words, before a capitalised word in the same sentence
    (``Cảng [hàng không] Việt Nam``), or before a spaced ``&`` (``Thương [binh] & Xã hội``)."""
    n = pv.n
    if g == j:
        return False
    org = pv.res.org_words
    if g < n and pv.cap[g] and pv.norm[g][:1].isalnum() and pv.gap[g] and not _rank(pv, g) and not is_head(pv, g) \
            and (g - j == 1 or all(pv.low[t] in org for t in range(j, g))) and not pv.sent_start[g]:
        return True
    return g + 1 < n and pv.norm[g] == "&" and pv.gap[g] and pv.cap[g + 1]


def _closes_name(pv: ParaView, t: int) -> bool:
    """What may follow lower-case syllables that close a unit's name: a boundary, a function
    word, a verb an agency does (``Cục Quản lý giá [gửi]``), a parent agency or a place
    (``Bộ Tư lệnh Cảnh vệ[;]``, ``Cảnh sát hình sự [đã]``), never other running text
    (``... [đồng chủ trì]``)."""
    return t >= pv.n or pv.norm[t] in _BOUNDARY or pv.low[t] in _FUNCTION or is_head(pv, t) \
        or admin_at(pv, t) > t or _agency_verb_at(pv, t)


def _lower_words_close(pv: ParaView, j: int, g: int, n_caps: int, after_place: bool) -> int | None:
    """Where lower-case syllables ``j:g`` close a unit's name (None: they are no part of it):
    all of them before a closing word (after a place only organisation words: ``Nghệ An |
    vừa``), the organisation words among them, or the one syllable that completes the
    name's only capitalised word (``Viện [Nghiên cứu]``, ``Tổng cục [Du lịch]``)."""
    org = pv.res.org_words
    t = j
    while t < g and pv.low[t] in org and not _agency_verb_at(pv, t):
        t += 1
    if g > j and _closes_name(pv, g) and (t == g or (g - j <= 1 and not after_place)):
        return g
    if t > j and _closes_name(pv, t):
        return t
    if n_caps == 1 and pv.alpha[j - 1] and not pv.upper[j - 1] and pv.vn(j) and j < g and not _agency_verb_at(pv, j):
        return j + 1
    return None


def _agency_verb_at(pv: ParaView, t: int) -> bool:
    """A verb an agency does starts at ``t``: the name ended before it (``Tổng cục Hải quan
    | thông báo``, ``Đại học X | nhận định``), though its syllables may be organisation words."""
    return pv.phrase_end(t, _AGENCY_VERBS) > t


def _split_abbreviation(pv: ParaView, k: int, last: int) -> int:
    """Leave out a period the tokenizer split off a one-letter abbreviation: ``Ủy ban T.[Ư]``."""
    if last - k >= 1 and last < pv.n and pv.norm[last] == "." and not pv.gap[last] and len(pv.norm[last - 1]) == 1:
        return last - 1
    return last


def org_chain(pv: ParaView, k: int, people: bool = False) -> int:
    """End of a unit name made of capitalised words with lower-case syllables inside
    (``Cảnh sát hình sự``, ``Hải quan khu vực II``, ``Cảng hàng không Việt Nam``).
    ``people``: the head names units after people (``Trường THCS Chu Văn An``), so a full
    name does not end the unit's name."""
    if not _org_name_starts(pv, k):
        return k  # a place after a head is its place tail, not its name
    j = last = k + 1
    n_caps = 1
    after_place = False  # the name's last word so far is a place (`Sản nhi Nghệ An`)
    while j < pv.n:
        joined = _org_joiner(pv, j)
        if joined is not None:
            j, reached = joined
            last = j if reached else last
            continue
        if not pv.norm[j][:1].isalnum() or not pv.gap[j]:
            break
        if pv.cap[j]:
            word = _org_capitalised_word(pv, j, people)
            if word is None:
                break
            (j, after_place), n_caps = word, n_caps + 1
            last = j
            continue
        g = _lower_words_end(pv, j)
        if _lower_words_go_on(pv, j, g):
            j = g
            continue
        closed = _lower_words_close(pv, j, g, n_caps, after_place)
        last = last if closed is None else closed
        break
    return max(_split_abbreviation(pv, k, last), k)


def glued_place_end(pv: ParaView, k: int) -> int:
    """End of a place written with a glued abbreviation at ``k``: ``TP.HCM``, ``TP.Hồ Chí Minh``."""
    g = gazetteer_end(pv, k)
    if g > k:
        return g
    e = k + 1
    if e < pv.n and pv.gap[e] and not person_starts(pv, e):
        e = place_name_end(pv, e, 3) if pv.namelike[e] else e
    return max(e, k + 1)


def company_name_end(pv: ParaView, k: int) -> int:
    """End of a company's or bank's name after its head (``k`` if none): capitalised words
    (with a word's lower-case second syllable: ``Thương mại``, ``Xổ số``) and the lower-case
    trade words between them (``Công ty TNHH [tư vấn đầu tư Khải Thái]``); it must end on a
    capitalised word that is not a legal form, and a person's full name may be part of it."""
    n = pv.n
    legal = word_set("agency_people_named", "legal_form")
    trade = word_set("agency_people_named", "trade")
    last = k
    e = k
    limit = k + threshold("company_name_max_tokens")
    while e < n and e < limit and pv.gap[e]:
        w = pv.norm[e]
        if e > k and (pv.sent_start[e] or is_head(pv, e)):
            break  # `Ngân hàng X thành lập Công ty Y`: another agency
        if pv.cap[e] and (w[:1].isalpha() or w[:1].isdigit()) and not pv.at(e, ("rank", "title"), case=False):
            e = max(gazetteer_end(pv, e), e + 1)
            while e + 1 < n and pv.norm[e] in {"&", "-"} and not pv.gap[e] and not pv.gap[e + 1]:
                e += 2  # `NN&PTNT`, `Kwong Lung-Meko`
            if pv.vn(e - 1) and not pv.upper[e - 1]:
                t = e  # lower-case syllables: `Thương mại`, `Xổ số điện toán`, `Quản lý bay`
                while t < n and t - e < 3 and pv.gap[t] and pv.alpha[t] and not pv.cap[t] and pv.vn(t) \
                        and pv.low[t] not in _FUNCTION and pv.low[t] not in _NEVER_ORG and not _region_at(pv, t):
                    t += 1
                closing = t >= n or not pv.norm[t][:1].isalnum() or pv.low[t] in _FUNCTION or _region_at(pv, t)
                if t > e and ((closing and t - e == 1)
                              or (pv.cap[t] and pv.gap[t] and not is_head(pv, t) and not person_starts(pv, t))):
                    e = t  # ... only up to a boundary or more of the name, never into a verb's object
            if pv.low[e - 1] not in legal:
                last = e
            continue
        if pv.alpha[e] and not pv.cap[e] and pv.low[e] in trade:
            e += 1  # a trade word: part of the name only if a capitalised word follows
            continue
        if e > k and pv.low[e] in {"và", "&"} and pv.name_at(e + 1) and not is_head(pv, e + 1) \
                and not person_starts(pv, e + 1) and gazetteer_end(pv, e + 1) == e + 1:
            e += 1  # `Đầu tư và Xây dựng X`: two trades joined inside the name
            continue
        break
    return last


def unit_name_end(pv: ParaView, k: int, people: bool = False) -> int:
    if k >= pv.n or not pv.gap[k]:
        return k
    s = pv.norm[k]
    if CODE_RE.match(s) or is_number(pv, k):
        return k + 1
    e = max(pv.longest(k, "unit_name"), org_chain(pv, k, people))
    for t in range(k + 1, e):
        if pv.cap[t] and admin_at(pv, t) > t and place_tail(pv, t, allow_bare_admin=False) > t:
            e = t  # `Sở Y tế | Thành phố Hồ Chí Minh`: a capitalised admin word starts the place
            break
    if e > k:
        e = _joined_names(pv, e)
        q = pv.longest(e, "force_qual") if e < pv.n and pv.gap[e] else e
        c = pv.longest(q, ("country", "country_amb")) if q > e and q < pv.n and pv.gap[q] else q
        if c > q:
            e = c  # `Cơ quan Cảnh sát Quốc gia Nhật Bản`
    return e


def _joined_names(pv: ParaView, e: int) -> int:
    """Unit names joined by a spaced dash (`Cảnh sát giao thông - Trật tự - Cơ động`,
    `An ninh - Tình báo`) and followed by their activity (`Cảnh sát phòng, chống tội phạm
    về môi trường`): one name. A dash before a place, a person or another agency
    (`... - Công an tỉnh X`) still separates."""
    n = pv.n
    for _ in range(threshold("joined_name_max_parts")):
        e = activity_tail(pv, e)
        if e + 1 < n and pv.norm[e] == "-" and pv.gap[e] and pv.gap[e + 1] and pv.cap[e + 1] \
                and not pv.at(e + 1, ("named", "place_head", "standalone")) and not person_starts(pv, e + 1) \
                and gazetteer_end(pv, e + 1) == e + 1 and not pv.at(e + 1, "rank", case=False):
            m = max(pv.longest(e + 1, "unit_name"), org_chain(pv, e + 1))
            if m > e + 1 and m - e <= threshold("joined_name_max_tokens"):
                e = m
                continue
        break
    return e


# What a unit does, written after its name in lower case: `phòng, chống tội phạm về môi
# trường`, `phòng cháy, chữa cháy và cứu nạn, cứu hộ`, `phòng, chống tham nhũng, tiêu cực`.
# A comma inside is part of the name only between two of these words.
# (`phòng ngừa`, `đấu tranh` after a unit are usually its verb: `Phòng X phòng ngừa tội phạm`)
_ACTIVITY_START = word_set("agency_cues", "activity_start")
_ACTIVITY_WORDS = word_set("agency_cues", "activity_words")


def activity_tail(pv: ParaView, k: int) -> int:
    """End of a lower-case activity phrase at ``k`` (``k`` when there is none)."""
    n = pv.n
    a = k
    if a < n and pv.low[a] == "và":
        a += 1  # `An ninh mạng và phòng, chống tội phạm ...`
    if a >= n or pv.cap[a] or not pv.gap[a] or pv.low[a] not in _ACTIVITY_START:
        return k
    if pv.low[a] == "phòng" and not (a + 1 < n and pv.low[a + 1] in {",", "chống", "cháy"}):
        return k
    t = a
    last = k
    while t < n and t - a < threshold("activity_max_tokens"):
        w = pv.low[t]
        if w in {",", "về", "và"} and t + 1 < n and not pv.cap[t + 1] and pv.low[t + 1] in _ACTIVITY_WORDS:
            t += 1
            continue
        if pv.cap[t] or w not in _ACTIVITY_WORDS or not pv.gap[t] or is_head(pv, t) or admin_at(pv, t) > t:
            break
        t += 1
        last = t
    if last > k and last - a >= 2:
        return last
    return k


def unit_suffix_end(pv: ParaView, k: int, depth: int) -> int:
    """Suffixes of a unit: ``(PC02)``, a number, ``khu vực II``, a parent agency, a place."""
    n = pv.n
    for _ in range(threshold("agency_suffix_rounds")):
        start = k
        # a code in parentheses (`Cục Cảnh sát hình sự (C02)`) ends the unit: the code is
        # its own AGENCY (`agency_code`) and a parent after it (`Bộ Công an`) another
        k = activity_tail(pv, k)  # `Ban Chỉ đạo phòng, chống tham nhũng, tiêu cực`
        if k < n and pv.gap[k] and is_number(pv, k):
            k += 1
        elif k + 1 < n and pv.low[k] == "số" and pv.norm[k + 1].isdigit():
            k += 2  # `Đội CSGT số 2`
        if k + 2 < n and pv.low[k] == "khu" and pv.low[k + 1] == "vực" and (is_number(pv, k + 2) or pv.cap[k + 2]):
            k = max(k + 3, place_name_end(pv, k + 2) if pv.cap[k + 2] and not is_number(pv, k + 2) else k + 3)
        site = 2 if k + 1 < n and f"{pv.low[k]} {pv.low[k + 1]}" in _SITE_WORDS else \
            1 if k + 1 < n and pv.low[k] in _SITE_WORDS else 0
        if site:
            m = k + site
            if m + 1 < n and pv.low[m] == "quốc" and pv.low[m + 1] == "tế":
                m += 2  # `cửa khẩu quốc tế Hữu Nghị`
            e = place_name_end(pv, m) if m < n and pv.cap[m] else m
            if e > m:
                k = e  # `Đồn Biên phòng cửa khẩu Cầu Treo`, `Chi cục Hải quan cảng Cát Lái`
        if k < n and pv.gap[k] and _nesting_ok(depth):
            nested = parse_agency(pv, k, depth + 1)
            if nested > k:
                k = nested
            else:
                t = place_tail(pv, k, allow_bare_admin=False)
                if t > k:
                    k = t
        if k == start:
            break
    return k


# What a head reader returns when the guideline's plural/generic reading applies: the
# parse stops there (`Bộ Công an hai nước`, `Công an 3 tỉnh`).
GENERIC = -1


def _nesting_ok(depth: int) -> bool:
    return depth < threshold("agency_max_nesting")


def _named_end(pv: ParaView, i: int) -> int:
    """1. A listed agency (`Bộ Công an`, `Quốc hội`), with a national qualifier and country
    (`Tổng cục Cảnh sát Quốc gia Lào`, `Bộ Quốc phòng Nga`); ``GENERIC`` for `Bộ Công an hai nước`."""
    n = pv.n
    for j, _e in pv.at(i, "named")[:1]:
        if plural_at(pv, j, named=True):
            return GENERIC
        end = j
        if j < n and pv.gap[j]:
            q = pv.longest(j, "force_qual")
            c = pv.longest(q, ("country", "country_amb")) if q > j and q < n and pv.gap[q] else q
            end = max(end, gazetteer_end(pv, j), pv.longest(j, "country_amb"), c if c > q else j)
        return end
    return i


_MINISTRY_CODE = re.compile(r"^[A-ZĐ]{1,4}(?:[&-]?[A-ZĐ]{1,4}){1,4}$")


def _ministry_code_end(pv: ParaView, i: int) -> int:
    """1b. A ministry by its initials, in any of the spellings papers use (`Bộ TN&MT`,
    `Bộ TTTT`, `Bộ LĐ-TB-XH`): `Bộ` as written and one glued code of capitals. A ministry is
    one per country, so it needs no place."""
    n = pv.n
    if pv.norm[i] != "Bộ" or i + 1 >= n or not pv.gap[i + 1]:
        return i
    j = i + 1
    while j < n and (j == i + 1 or not pv.gap[j]) and pv.norm[j] not in {",", ".", "(", ")"}:
        j += 1
    code = "".join(pv.norm[i + 1:j])
    if j - i > 1 and _MINISTRY_CODE.match(code) and sum(c.isalpha() for c in code) >= threshold("ministry_code_min_letters"):
        return j
    return i


def _unlisted_place_end(pv: ParaView, j: int) -> int:
    """A district no list holds, named right after a capitalised head without its admin
    word (`Công an [Phù Cừ]`): two or three capitalised Vietnamese syllables that do not
    start a person's name and are followed by no further capitalised word."""
    if j >= pv.n or not pv.gap[j] or person_starts(pv, j) or is_head(pv, j):
        return j
    e = pv.name_run(j, 4)
    if not 2 <= e - j <= 3 or not pv.all_vn(j, e) or pv.name_at(e):
        return j
    return e


def _place_head_end(pv: ParaView, i: int, depth: int) -> int:
    """2. A head named by its place (`Công an tỉnh Nghệ An`, `UBND TPHCM`, `công an TPHCM`,
    `TAND cấp cao tại Đà Nẵng`), by a nested agency (`Đảng ủy Công an tỉnh X`) or alone when it
    stands alone (`Tỉnh ủy`); ``GENERIC`` for a plural (`Công an 3 tỉnh`)."""
    n = pv.n
    heads = pv.at(i, "place_head")
    lower_ca = not heads and pv.low[i] == "công" and i + 1 < n and pv.low[i + 1] == "an"
    if lower_ca:
        heads = [(i + 2, None)]
    for j, _e in heads:
        if plural_at(pv, j):
            return GENERIC
        if j + 3 < n and pv.low[j:j + 3] == ["cấp", "cao", "tại"] and place_tail(pv, j + 3) > j + 3:
            j += 3  # the court sits in a place it is not named after
        t = place_tail(pv, j, allow_bare_admin=not lower_ca)
        if j == i + 1 and pv.low[i] in _ADMIN_ABBREVIATIONS and admin_at(pv, j) == j and j < n and pv.gap[j]:
            t = max(t, place_name_end(pv, j))  # `CAP [Thanh Xuân Bắc]`
        if t > j:
            if lower_ca and admin_at(pv, j, ("admin_division",)) == j and gazetteer_end(pv, j) == j:
                continue
            return t
        if not lower_ca and _nesting_ok(depth) and j < n and pv.gap[j]:
            nested = parse_agency(pv, j, depth + 1)  # `Thanh tra Bộ Công an`
            if nested > j:
                return nested
        t = _unlisted_place_end(pv, j) if not lower_ca else j
        if t > j:
            return t
        if not lower_ca and pv.at(i, "standalone") and pv.at(i, "standalone")[0][0] == j:
            return j
    return i


def _unit_end(pv: ParaView, i: int, depth: int) -> int:
    """3. A unit head and its name, number, site, parent or place (`Phòng Cảnh sát hình sự
    Công an tỉnh X`, `Quân khu 7`, `Chi cục Hải quan khu vực II`, `Công ty TNHH X`,
    `Trường THCS Chu Văn An`); a head that names itself needs a suffix in lower case."""
    n = pv.n
    if gazetteer_end(pv, i) > i:
        return i  # `Đài Loan`, `Hội An`: a place, not a head and its name
    for j, e in pv.at(i, "unit_head"):
        head = norm_key(e.text)
        if head in _PEOPLE_INSIDE:
            if person_starts(pv, j) and j + 1 < n and pv.low[j + 1] in pv.res.middle_names:
                continue  # `Giám đốc Công ty Nguyễn Văn A`: the person the title is about
            name = company_name_end(pv, j)
            if name == j:
                continue  # `Công ty TNHH` alone: a company needs its name
            return name
        name = unit_name_end(pv, j, people=head in _PEOPLE_FIRST)
        if name == j and any(e.mask[1:]):  # the head names itself: `Đồn Biên phòng`
            ext = unit_suffix_end(pv, j, depth)
            if not pv.cap[i] and ext == j:
                continue  # `cơ quan CSĐT` in lower case is generic without its parent
            if ext == j and j < n and (admin_at(pv, j) > j or pv.at(j, "place_head", case=False)):
                continue  # a generic place follows: `Đoàn Thanh niên xã`, `... Công an tỉnh`
            return ext
        if name > j:
            if gazetteer_end(pv, i) >= name:
                continue  # `Hội An` is a city, not `Hội` + `An`
            return unit_suffix_end(pv, name, depth)
        t = place_tail(pv, j, allow_bare_admin=False) if j < n and pv.gap[j] else j
        if t > j:
            return unit_suffix_end(pv, t, depth)
        if _nesting_ok(depth) and j < n and pv.gap[j]:
            nested = parse_agency(pv, j, depth + 1)
            if nested > j:
                return nested
    return i


def _force_end(pv: ParaView, i: int) -> int:
    """4. Armed or police forces, governments and parliaments named by a country
    (`Hải quân Hoàng gia Campuchia`; in lower case too: `cảnh sát Malaysia`, `quốc hội Mỹ`)."""
    n = pv.n
    for j, _e in pv.at(i, "force_head", case=False)[:1]:
        k = pv.longest(j, "force_qual", case=False) if j < n and pv.gap[j] else j
        c = pv.longest(k, ("country", "country_amb")) if k < n and pv.gap[k] else k
        # a capitalised word after the country continues a longer name, unless it starts a
        # person (`cảnh sát Indonesia Budi Hartono`)
        if c > k and not (pv.name_at(c) and pv.vn(c) and not person_starts(pv, c)):
            return c
    return i


def _mission_end(pv: ParaView, i: int) -> int:
    """5. Diplomatic missions by sending country and seat: `Đại sứ quán Việt Nam tại Campuchia`."""
    n = pv.n
    for j, _e in pv.at(i, "mission")[:1]:
        c = pv.longest(j, ("country", "country_amb")) if j < n and pv.gap[j] else j
        if c > j and not (i > 0 and pv.low[i - 1] in pv.res.plural_det):  # not `các Cơ quan đại diện X`
            if c + 1 < n and pv.low[c] == "tại":
                p = pv.longest(c + 1, PLACE_CATEGORIES)
                if p == c + 1 and glued_admin(pv, c + 1):
                    p = glued_place_end(pv, c + 1)
                c = max(c, p)
            return c
    return i


def _code_parent_end(pv: ParaView, i: int, depth: int) -> int:
    """6. A unit code before its parent, spaced or glued by a dash: `PC02 Công an tỉnh X`,
    `PC67-Công an TP.HCM`."""
    n = pv.n
    if not (pv.norm[i].startswith("P") and CODE_RE.match(pv.norm[i]) and i + 1 < n and _nesting_ok(depth)):
        return i
    p = i + 2 if pv.norm[i + 1] == "-" and not pv.gap[i + 1] and i + 2 < n else i + 1
    nested = parse_agency(pv, p, depth + 1)
    return nested if nested > p else i


def parse_agency(pv: ParaView, i: int, depth: int = 0) -> int:
    """End of the AGENCY starting at token ``i``, or ``i`` when there is none.

    The readings are tried in order; the longest wins. A plural or generic reading of a
    listed or place-named head (``GENERIC``) ends the parse with what was found before it.
    """
    if i >= pv.n or not pv.norm[i][:1].isalnum():
        return i
    best = _named_end(pv, i)
    if best == GENERIC:
        return i
    place = _place_head_end(pv, i, depth)
    if place == GENERIC:
        return best
    best = max(best, place)
    best = max(best, _unit_end(pv, i, depth), _force_end(pv, i), _mission_end(pv, i), _ministry_code_end(pv, i))
    if best == i:
        best = _code_parent_end(pv, i, depth)
    return owner_tail(pv, i, region_tail(pv, term_tail(pv, best))) if best > i else best


def _region_at(pv: ParaView, k: int) -> bool:
    return k + 1 < pv.n and pv.gap[k] and " ".join(pv.low[k:k + 2]) in _REGION_TAILS and not pv.name_at(k + 2)


def region_tail(pv: ParaView, k: int) -> int:
    """A region after a unit's name belongs to it: `[Cảng vụ Hàng không miền Bắc]`."""
    return k + 2 if _region_at(pv, k) else k


def owner_tail(pv: ParaView, i: int, k: int) -> int:
    """A committee's body, after `của`, belongs to its name: `[Ủy ban Quốc phòng và An ninh
    của Quốc hội]`, `[Ban Dân nguyện của QH]` (heads and bodies: agency_cues)."""
    n = pv.n
    if not (k + 1 < n and pv.low[k] == "của" and pv.gap[k] and pv.gap[k + 1] and pv.cap[k + 1]):
        return k
    if pv.phrase_end(i, _OWNED_HEADS) == i:
        return k
    e = pv.phrase_end(k + 1, _OWNERS)
    if e > k + 1 and (not pv.name_at(e) or person_starts(pv, e)):
        return e  # not `của Quốc hội | Lào`; a person after it is the title's (`Chủ nhiệm ... Võ Trọng Việt`)
    return k


def term_tail(pv: ParaView, k: int) -> int:
    """A term of office after a body's name belongs to it: `[Quốc hội khóa XIV]`."""
    if k + 1 < pv.n and pv.low[k] in _TERM_WORDS and pv.gap[k] and pv.gap[k + 1] \
            and (_TERM_NUMBER.match(pv.norm[k + 1]) or is_number(pv, k + 1)):
        return k + 2
    return k


def generic_end(pv: ParaView, i: int) -> int:
    """End of a plural or generic agency reference at token ``i`` (``i`` if none): a listed or
    place-named head, its plural determiner and the generic noun after it (``Công an 3 tỉnh``,
    ``công an các địa phương``, ``Bộ Công an hai nước``). The guideline makes these no
    AGENCY; the hybrid keeps the model from adding one there."""
    n = pv.n
    heads = [(j, True) for j, _e in pv.at(i, "named")[:1]] + [(j, False) for j, _e in pv.at(i, "place_head")[:1]]
    if not heads and pv.low[i] == "công" and i + 1 < n and pv.low[i + 1] == "an":
        heads = [(i + 2, False)]
    for j, named in heads:
        e = plural_end(pv, j, named=named)
        if e > j:
            return e
    return i


def generic_agency_spans(pv: ParaView) -> list[tuple[int, int]]:
    """Every plural or generic agency reference of a paragraph (:func:`generic_end`)."""
    out = []
    i = 0
    while i < pv.n:
        e = generic_end(pv, i) if (i in pv.matches or pv.low[i] == "công") else i
        if e > i:
            out.append((i, e))
            i = e
        else:
            i += 1
    return out


def agency_spans(pv: ParaView) -> list[tuple[int, int]]:
    """All agencies in a paragraph, left to right, non-overlapping (cached on the view)."""
    cached = getattr(pv, "_agency", None)
    if cached is not None:
        return cached
    out = []
    i = 0
    n = pv.n
    matches = pv.matches
    while i < n:
        if i in matches or pv.norm[i][:1] in "PCcp":
            if any(a >= 0 and gazetteer_end(pv, a) > i for a in (i - 1, i - 2)):
                i += 1  # `Hải Phòng FC`: a head word inside a place name
                continue
            if i > 0 and pv.namelike[i - 1] and pv.gap[i] and not pv.stop[i - 1] and \
                    pv.longest(i, "unit_head") == i + 1 and not pv.at(i, ("named", "place_head")) \
                    and not (pv.caps_para and pv.longest(i + 1, "unit_name") > i + 1):
                i += 1  # `Khăm Ban Phôm`: a one-word head inside a capitalised name; in capitals
                continue  # only a listed unit name makes it a head (`SỞ TÀI CHÍNH`, not `VỤ ÁN`)
            e = parse_agency(pv, i)
            if e > i:
                out.append((i, e))
                i = e
                continue
        i += 1
    pv._agency = out
    return out
