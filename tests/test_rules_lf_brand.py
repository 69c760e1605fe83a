"""lf_brand: companies and online services by their known names, any case, outside credits."""

from __future__ import annotations

from rules_helpers import only


def test_a_brand_takes_the_province_that_names_its_branch():
    text = "Khách gửi tiền tại chi nhánh Vietcombank Trà Vinh. Anh lừa qua Facebook Việt Nam và Grab."
    assert only("AGENCY", text, ["agency_brand"]) == ["Vietcombank Trà Vinh", "Facebook", "Grab"]


def test_services_and_companies_in_any_case_outside_credits():
    fn = ["agency_brand"]
    text = "Đối tượng lừa qua facebook và Zalo, rồi gọi Grab bỏ trốn, chuyển tiền qua Vietcombank."
    assert only("AGENCY", text, fn) == ["facebook", "Zalo", "Grab", "Vietcombank"]
    assert only("AGENCY", "Hình ảnh hiện trường (Ảnh: Facebook).", fn) == []


def test_international_bodies_groups_media_and_companies_of_security_news():
    text = ("Hãng bảo mật Symantec cho biết NSA và Điện Kremlin đều im lặng; Thượng viện đã họp. "
            "Nhóm Taliban nhận trách nhiệm, theo Reuters. Cựu lãnh đạo Oceanbank hầu tòa.")
    assert only("AGENCY", text) == ["Symantec", "NSA", "Điện Kremlin", "Thượng viện", "Taliban", "Reuters",
                                    "Oceanbank"]
