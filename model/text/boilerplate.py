"""Recognise boilerplate lines of scraped news pages so training can skip them.

Scraped articles carry image file names (``3-1-(1).jpg``), section labels (``Mới nhất``),
CMS footers (``POWERED BY ...``), lone ``x`` close buttons and share/print buttons. None
of them holds an entity, and learning from them teaches the model nothing useful. The
check looks at a whole paragraph and returns the reason, so reports can count them.
"""
from __future__ import annotations

import re

from .normalize import fold_case, normalize

_MAX_LEN = 300
_IMAGE = re.compile(r"^\S{1,200}\.(?:jpe?g|png|gif|webp|bmp|svg|tiff?)(?:\?\S*)?$", re.IGNORECASE)
_FOOTER = re.compile(r"^(?:powered by|copyright|bản quyền|©|\(c\)\s)", re.IGNORECASE)
_BUTTONS = frozenset(
    fold_case(normalize(s).text.strip())
    for s in """Mới nhất|Tin mới nhất|Đọc nhiều|Xem nhiều|Xem thêm|Tin liên quan|Tin cùng chuyên mục|
    Chia sẻ|Share|Facebook|Twitter|Zalo|Email|In bài|Bình luận|Gửi bình luận|Lưu bài|Lưu|
    Trở lại|Quay lại|Về đầu trang|Theo dõi|Đăng nhập|Đăng ký|Like|Tweet|Print|
    Trang chủ|Video|Ảnh|Tags|Từ khóa|Chủ đề|Nổi bật|Tiêu điểm""".replace("\n", "").split("|")
)
# Section labels that scraped pages print as a line of their own above the headline.
_SECTIONS = frozenset(
    fold_case(normalize(s).text.strip())
    for s in """Pháp luật|Thời sự|Xã hội|Kinh tế|Thế giới|Thể thao|Văn hóa|Giải trí|Giáo dục|
    Sức khỏe|An ninh|An ninh trật tự|An ninh - Trật tự|Quốc phòng|Chính trị|Đời sống|Công nghệ|
    Du lịch|Bạn đọc|Góc nhìn|Ý kiến|Tin tức|Tin nóng|Pháp đình|Hình sự|Điều tra|Phóng sự""".replace("\n", "").split("|")
)
_LONE = re.compile(r"^(?:[x×✕✖]|[|•·>»«<]+|-{2,}|\d{1,2})$", re.IGNORECASE)


def boilerplate_reason(paragraph: str, normalized: str | None = None) -> str | None:
    """Why ``paragraph`` is boilerplate (``"image"``, ``"footer"``, ...), or None for content.

    ``normalized`` is ``normalize(paragraph).text`` when the caller already has it, so the
    paragraph is not normalised a second time.
    """
    if len(paragraph) > _MAX_LEN:  # boilerplate lines are short; skip the work on long ones
        return None
    if normalized is None:
        normalized = normalize(paragraph).text
    text = " ".join(normalized.split())
    if not text:
        return "empty"
    if _IMAGE.match(text):
        return "image"
    if _FOOTER.match(text):
        return "footer"
    if _LONE.match(text):
        return "lone-symbol"
    key = fold_case(text.strip(" :|"))
    if key in _BUTTONS:
        return "button"
    if key in _SECTIONS:
        return "section-label"
    return None


def is_boilerplate(paragraph: str) -> bool:
    return boilerplate_reason(paragraph) is not None
