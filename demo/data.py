"""The demo's data: Lào Cai's Sa Pa town, its offices, wards, communes and villages; a user per
role; the award forms, their documents and standards; the 2020 and the current campaign; and the
registrations and dossiers of the current campaign, with what happens to each.

Pure data, with no database access: the seeding steps (``demo.units``, ``demo.catalogue``,
``demo.users``, ``demo.campaign_registrations``, ``demo.campaign_dossiers``) make it real.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from approvals.models import CouncilOutcome
from dossiers.models import DocumentKind, NomineeKind, Procedure, Rule
from roles.models import Role, UnitKind

# Written as the comment of the configuration events the demo records (it has no user).
SOURCE = "manage.py seed_demo"

PROVINCE = ("lao-cai", "UBND tỉnh Lào Cai")
TOWN = ("sa-pa", "UBND thị xã Sa Pa")
OFFICES = [
    ("sa-pa-ldtbxh", "Phòng Lao động - Thương binh và Xã hội"),
    ("sa-pa-noi-vu", "Phòng Nội vụ"),
    ("sa-pa-hdtdkt", "Hội đồng Thi đua - Khen thưởng thị xã"),
    ("sa-pa-vpdp-ntm", "Văn phòng Điều phối xây dựng NTM thị xã"),
]
WARDS = [
    ("phuong-sa-pa", "Phường Sa Pa"),
    # "Sa Pả" and "Sa Pa" share their letters without diacritics; the Telex spelling ("par" for
    # "pả") keeps the two codes apart.
    ("phuong-sa-par", "Phường Sa Pả"),
    ("phuong-o-quy-ho", "Phường Ô Quý Hồ"),
    ("phuong-phan-si-pang", "Phường Phan Si Păng"),
    ("phuong-ham-rong", "Phường Hàm Rồng"),
    ("phuong-cau-may", "Phường Cầu Mây"),
]
COMMUNES = [
    ("ban-ho", "Xã Bản Hồ"),
    ("hoang-lien", "Xã Hoàng Liên"),
    ("lien-minh", "Xã Liên Minh"),
    ("muong-bo", "Xã Mường Bo"),
    ("muong-hoa", "Xã Mường Hoa"),
    ("ngu-chi-son", "Xã Ngũ Chỉ Sơn"),
    ("ta-phin", "Xã Tả Phìn"),
    ("ta-van", "Xã Tả Van"),
    ("thanh-binh", "Xã Thanh Bình"),
    ("trung-chai", "Xã Trung Chải"),
]
VILLAGES = {
    "ta-van": [
        ("ta-van-mong", "Thôn Tả Van Mông", UnitKind.VILLAGE),
        ("ta-van-giay", "Thôn Tả Van Giáy", UnitKind.VILLAGE),
        ("seo-mi-ta", "Thôn Séo Mí Tả", UnitKind.VILLAGE),
    ],
    "phuong-sa-pa": [(f"phuong-sa-pa-to-{n}", f"Tổ dân phố số {n}", UnitKind.RESIDENTIAL_GROUP) for n in range(1, 5)],
}

# (username, full name, role, unit code, superuser)
USERS = [
    ("admin", "Đỗ Quang Huy", Role.ADMINISTRATOR, "lao-cai", True),
    ("xa_ta_van", "Giàng Thị Mai", Role.COMMUNE_SUBMITTER, "ta-van", False),
    ("phuong_sa_pa", "Lương Thị Hà", Role.COMMUNE_SUBMITTER, "phuong-sa-pa", False),
    ("ldtbxh", "Nguyễn Thị Thu Hương", Role.LABOUR_REVIEWER, "sa-pa-ldtbxh", False),
    ("noivu", "Trần Văn Nam", Role.HOME_AFFAIRS_SECRETARY, "sa-pa-noi-vu", False),
    ("hoidong_1", "Hoàng Văn Tuấn", Role.COUNCIL_MEMBER, "sa-pa-hdtdkt", False),
    ("hoidong_2", "Vàng Thị Dung", Role.COUNCIL_MEMBER, "sa-pa-hdtdkt", False),
    ("hoidong_3", "Lý Văn Sơn", Role.COUNCIL_MEMBER, "sa-pa-hdtdkt", False),
    ("hoidong_4", "Phạm Thị Lan", Role.COUNCIL_MEMBER, "sa-pa-hdtdkt", False),
    ("hoidong_5", "Đặng Văn Quý", Role.COUNCIL_MEMBER, "sa-pa-hdtdkt", False),
    ("chutich", "Lê Minh Khoa", Role.TOWN_CHAIRMAN, "sa-pa", False),
    ("tinh", "Bùi Thị Ngọc", Role.PROVINCIAL_LIAISON, "sa-pa", False),
    ("kiemtoan", "Vũ Đức Thắng", Role.AUDITOR, "lao-cai", False),
    # A head of each office: told when its overdue tasks escalate, and sees them at /overdue/.
    ("truong_ldtbxh", "Hà Thị Thanh", Role.HEAD_OF_OFFICE, "sa-pa-ldtbxh", False),
    ("truong_noivu", "Nông Văn Hải", Role.HEAD_OF_OFFICE, "sa-pa-noi-vu", False),
    ("truong_hdtdkt", "Sùng A Páo", Role.HEAD_OF_OFFICE, "sa-pa-hdtdkt", False),
    ("truong_ntm", "Ma Thị Yến", Role.HEAD_OF_OFFICE, "sa-pa-vpdp-ntm", False),
]

CAMPAIGN_NAME = "Cải thiện và từng bước nâng cao điều kiện sống của các hộ nghèo, hộ cận nghèo, người dân tộc thiểu số"
LEGAL_BASIS_2020 = (
    "Quyết định số 17/2016/QĐ-UBND ngày 21/3/2016 của UBND tỉnh Lào Cai ban hành quy định phong "
    "trào thi đua “Lào Cai xây dựng nông thôn mới và Giảm nghèo bền vững” giai đoạn 2016 - 2020."
)
LEGAL_BASIS_NOW = (
    "Luật Thi đua, khen thưởng số 06/2022/QH15 và các văn bản hướng dẫn. Tiêu chuẩn và hồ sơ như "
    "Kế hoạch năm 2020 của UBND thị xã Sa Pa (dữ liệu minh hoạ)."
)

COLLECTIVES = sorted([NomineeKind.ENTERPRISE, NomineeKind.AGENCY, NomineeKind.COMMUNE, NomineeKind.VILLAGE])
HOUSEHOLDS_AND_ENTERPRISES = sorted([NomineeKind.ENTERPRISE, NomineeKind.HOUSEHOLD, NomineeKind.POOR_HOUSEHOLD])


# The documents of a dossier (seed, section IV.3), per procedure: (kind, nominee kinds or all,
# paper sets, certified by the direct superior). The simplified procedure is the law's: one set
# of a proposal letter and a short achievement summary.
REQUIRED_DOCUMENTS = {
    Procedure.ORDINARY: [
        (DocumentKind.PROPOSAL_LETTER, [], 2, False),
        (DocumentKind.COUNCIL_MINUTES, [], 2, False),
        (DocumentKind.ACHIEVEMENT_REPORT, COLLECTIVES, 2, True),
        (DocumentKind.SUMMARY_LIST, HOUSEHOLDS_AND_ENTERPRISES, 2, False),
    ],
    Procedure.SIMPLIFIED: [
        (DocumentKind.PROPOSAL_LETTER, [], 1, False),
        (DocumentKind.ACHIEVEMENT_SUMMARY, [], 1, False),
    ],
}

# The town-level award standards (seed, section IV.2.2), criterion by criterion: (nominee kinds,
# alternative, rule, evidence field, compared with, threshold, wording). Within one alternative
# every criterion must be met; one alternative met meets the standard.
COMMUNES_AND_VILLAGES = sorted([NomineeKind.COMMUNE, NomineeKind.VILLAGE])
TOWN_STANDARD = [
    (
        [NomineeKind.ENTERPRISE],
        1,
        Rule.MIN_AMOUNT,
        "support_amount",
        "",
        "50000000",
        "Ủng hộ tiền, hiện vật trị giá từ 50.000.000 đồng trở lên",
    ),
    (
        [NomineeKind.AGENCY],
        1,
        Rule.JUDGEMENT,
        "",
        "",
        None,
        "Có nhiều thành tích xuất sắc trong công tác giảm nghèo bền vững",
    ),
    (
        COMMUNES_AND_VILLAGES,
        1,
        Rule.ATTESTATION,
        "party_clean_strong",
        "",
        None,
        "Tổ chức Đảng đạt trong sạch vững mạnh, các đoàn thể đạt vững mạnh",
    ),
    (
        COMMUNES_AND_VILLAGES,
        1,
        Rule.OVER_TARGET,
        "poverty_reduction_achieved",
        "poverty_reduction_target",
        "50",
        "Thực hiện kế hoạch giảm nghèo vượt từ 50% trở lên so với chỉ tiêu thị xã giao",
    ),
    (
        COMMUNES_AND_VILLAGES,
        1,
        Rule.ATTESTATION,
        "funds_settled_on_time",
        "",
        None,
        "Phân bổ, thanh quyết toán kinh phí đúng quy định, kịp thời",
    ),
    (
        COMMUNES_AND_VILLAGES,
        1,
        Rule.ATTESTATION,
        "living_conditions_improved",
        "",
        None,
        "Đời sống người nghèo được cải thiện rõ rệt (y tế, giáo dục, văn hoá, nước sạch, vệ sinh, nhà ở)",
    ),
    (
        COMMUNES_AND_VILLAGES,
        1,
        Rule.ATTESTATION,
        "infrastructure_to_standard",
        "",
        None,
        "Cơ sở hạ tầng được đầu tư đạt chuẩn nông thôn mới",
    ),
    (
        [NomineeKind.INDIVIDUAL],
        1,
        Rule.MIN_AMOUNT,
        "support_amount",
        "",
        "50000000",
        "Ủng hộ tiền, hiện vật trị giá từ 50.000.000 đồng trở lên",
    ),
    (
        [NomineeKind.INDIVIDUAL],
        2,
        Rule.MIN_COUNT,
        "households_helped",
        "",
        "5",
        "Giúp đỡ từ 5 - 10 hộ nghèo có việc làm ổn định, thoát nghèo",
    ),
    (
        [NomineeKind.OFFICIAL],
        1,
        Rule.JUDGEMENT,
        "",
        "",
        None,
        "Cán bộ, công chức, viên chức có nhiều thành tích trong công tác giảm nghèo",
    ),
    (
        [NomineeKind.POOR_HOUSEHOLD],
        1,
        Rule.ON_LIST,
        "on_2019_poor_list",
        "",
        None,
        "Thuộc danh sách hộ nghèo năm 2019 được xã phê duyệt",
    ),
    (
        [NomineeKind.POOR_HOUSEHOLD],
        1,
        Rule.ATTESTATION,
        "complies_with_policy",
        "",
        None,
        "Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
    ),
    (
        [NomineeKind.POOR_HOUSEHOLD],
        1,
        Rule.ATTESTATION,
        "village_agrees",
        "",
        None,
        "Gia đình hoà thuận, được thôn, bản nhất trí đề nghị",
    ),
    (
        [NomineeKind.POOR_HOUSEHOLD],
        1,
        Rule.MIN_RATIO,
        "income_per_capita_now",
        "income_per_capita_2019",
        "3",
        "Thu nhập bình quân đầu người tăng gấp 3 lần trở lên so với năm 2019",
    ),
]

# (file name, title) of each kind of document.
DOCUMENT_FILES = {
    DocumentKind.PROPOSAL_LETTER: ("to-trinh.pdf", "Tờ trình đề nghị khen thưởng"),
    DocumentKind.COUNCIL_MINUTES: ("bien-ban-hop-xet.pdf", "Biên bản họp xét của Hội đồng TĐKT"),
    DocumentKind.ACHIEVEMENT_REPORT: ("bao-cao-thanh-tich.pdf", "Báo cáo thành tích"),
    DocumentKind.ACHIEVEMENT_SUMMARY: ("tom-tat-thanh-tich.pdf", "Tóm tắt thành tích"),
    DocumentKind.SUMMARY_LIST: ("danh-sach-trich-ngang.pdf", "Danh sách trích ngang, tóm tắt thành tích"),
    DocumentKind.OTHER: ("tai-lieu-khac.pdf", "Tài liệu khác"),
}


# The award forms: (code, name, awarding body's unit code, quorum %, vote threshold %, standard).
# The awarding bodies, validity dates, quorum and vote thresholds are configuration: a province
# sets its own in the admin, and they change with the law.
#
# Town-level bodies such as UBND thị xã Sa Pa ended with the two-tier local government on
# 01/07/2025, so the town's Giấy khen was really valid from 01/01/2016 until 30/06/2025. The demo
# keeps it open-ended so that today's campaign can still offer it; a real deployment after
# 01/07/2025 gives it an end date and configures the Giấy khen of a commune or ward chairman (or
# the province's awards) instead.
AWARD_FORMS_VALID_FROM = datetime.date(2016, 1, 1)
AWARD_FORMS = [
    ("giay-khen-chu-tich-thi-xa", "Giấy khen của Chủ tịch UBND thị xã", "sa-pa", "66.67", "50", TOWN_STANDARD),
    ("bang-khen-chu-tich-tinh", "Bằng khen của Chủ tịch UBND tỉnh", "lao-cai", "66.67", "50", ()),
    ("co-thi-dua-ubnd-tinh", "Cờ thi đua của UBND tỉnh", "lao-cai", "66.67", "80", ()),
]
GIAY_KHEN, CO_THI_DUA = "giay-khen-chu-tich-thi-xa", "co-thi-dua-ubnd-tinh"

# The base salary (mức lương cơ sở, đồng a month) and the decree that set it, from its first day:
# 1.490.000 in 2020 (Decree 38/2019/NĐ-CP), 1.800.000 (Decree 24/2023/NĐ-CP), 2.340.000 today
# (Decree 73/2024/NĐ-CP). A later decree is a row added in the admin.
BASE_SALARIES = [
    (datetime.date(2019, 7, 1), 1_490_000, "Nghị định số 38/2019/NĐ-CP"),
    (datetime.date(2023, 7, 1), 1_800_000, "Nghị định số 24/2023/NĐ-CP"),
    (datetime.date(2024, 7, 1), 2_340_000, "Nghị định số 73/2024/NĐ-CP"),
]
# Each award form's bonus, times the base salary, for individuals (and households) and for
# collectives (None: the award carries none for them): Decree 91/2017/NĐ-CP (from 15/09/2017)
# art. 73 for Giấy khen (0,3; a collective twice an individual) and the provincial Bằng khen (1,0;
# 2,0), art. 69(2)(đ) for the provincial Cờ thi đua (8,0, collectives only); Decree 98/2023/NĐ-CP
# (from 01/01/2024), as far as we read it, keeps these coefficients: its rows say so, to be checked
# against the decree's text and corrected in the admin if it differs.
DECREE_91, DECREE_98 = datetime.date(2017, 9, 15), datetime.date(2024, 1, 1)
AWARD_BONUSES = [
    (GIAY_KHEN, DECREE_91, "0.3", "0.6", "Nghị định số 91/2017/NĐ-CP, Điều 73"),
    ("bang-khen-chu-tich-tinh", DECREE_91, "1.0", "2.0", "Nghị định số 91/2017/NĐ-CP, Điều 73"),
    (CO_THI_DUA, DECREE_91, None, "8.0", "Nghị định số 91/2017/NĐ-CP, Điều 69"),
    (GIAY_KHEN, DECREE_98, "0.3", "0.6", "Nghị định số 98/2023/NĐ-CP"),
    ("bang-khen-chu-tich-tinh", DECREE_98, "1.0", "2.0", "Nghị định số 98/2023/NĐ-CP"),
    (CO_THI_DUA, DECREE_98, None, "8.0", "Nghị định số 98/2023/NĐ-CP, Điều 54"),
]

# The campaigns, launched by the town, each offering every award form: the 2020 one as the plan set
# it, and today's, whose deadlines lie ahead (in days from today).
CAMPAIGN_REPORT_DAY = 25
CAMPAIGN_2020 = {
    "registration_deadline": datetime.date(2020, 3, 10),
    "registration_compile_deadline": datetime.date(2020, 3, 15),
    "plan_deadline": datetime.date(2020, 3, 12),
    "dossier_deadline": datetime.date(2020, 11, 10),
    "compile_deadline": datetime.date(2020, 11, 15),
    "midyear_report_deadline": datetime.date(2020, 6, 10),
    "yearend_report_deadline": datetime.date(2020, 12, 10),
}
CURRENT_CAMPAIGN_DAYS_AHEAD = {
    "registration_deadline": 14,
    "registration_compile_deadline": 19,
    "plan_deadline": 16,
    "dossier_deadline": 60,
    "compile_deadline": 65,
    "midyear_report_deadline": 30,
    "yearend_report_deadline": 75,
}

# Who acts for the town (usernames) and the council's unit.
REVIEWER = "ldtbxh"  # the labour office's reviewer
SECRETARY = "noivu"  # the council's secretary, at the home-affairs office
CHAIRMAN = "chutich"
PROVINCIAL_LIAISON = "tinh"
COUNCIL = "sa-pa-hdtdkt"

TA_VAN_ADDRESS = "xã Tả Van, thị xã Sa Pa, tỉnh Lào Cai"
SA_PA_ADDRESS = "phường Sa Pa, thị xã Sa Pa, tỉnh Lào Cai"

# The current campaign's registrations: (key, registering user, unit code, award form, pledge,
# nominee or None for the unit itself). Tả Van registers for the provincial flag, with one of its
# households and one of its people; Sa Pa ward's registration waits for a list.
REGISTRATIONS = [
    (
        "flag",
        "xa_ta_van",
        "ta-van",
        CO_THI_DUA,
        "Giảm tỷ lệ hộ nghèo ít nhất 5% trong năm, vượt 30% chỉ tiêu thị xã giao; không để phát sinh "
        "hộ tái nghèo; 100% hộ nghèo, cận nghèo được hưởng đầy đủ chính sách.",
        None,
    ),
    (
        "household",
        "xa_ta_van",
        "ta-van",
        GIAY_KHEN,
        "Phát triển chăn nuôi lợn đen và dệt thổ cẩm, nâng thu nhập bình quân đầu người gấp 3 lần năm 2019.",
        {
            "kind": NomineeKind.POOR_HOUSEHOLD,
            "name": "Hộ bà Vàng Thị Mỷ",
            "birth_year": 1969,
            "address": f"Thôn Tả Van Mông, {TA_VAN_ADDRESS}",
        },
    ),
    (
        "person",
        "xa_ta_van",
        "ta-van",
        GIAY_KHEN,
        "Nhận thêm lao động thuộc hộ nghèo vào làm việc ổn định tại hợp tác xã, giúp 5 hộ thoát nghèo.",
        {
            "kind": NomineeKind.INDIVIDUAL,
            "name": "Ông Sùng A Pao",
            "birth_year": 1972,
            "position": "Chủ nhiệm Hợp tác xã du lịch cộng đồng Tả Van",
            "address": f"Thôn Séo Mí Tả, {TA_VAN_ADDRESS}",
        },
    ),
    (
        "ward_flag",
        "phuong_sa_pa",
        "phuong-sa-pa",
        CO_THI_DUA,
        "Giảm 50% số hộ cận nghèo của phường; 100% hộ nghèo có nhà ở kiên cố và nước sạch.",
        None,
    ),
]
# The labour office sends Tả Van's registrations to home affairs, in one list.
REGISTRATION_LIST = {
    "actor": REVIEWER,
    "number": "12/DS-LĐTBXH",
    "registrations": ["flag", "household", "person"],
    "comment": "Tổng hợp đăng ký thi đua của các xã, phường gửi Phòng Nội vụ.",
}


@dataclass(frozen=True)
class DossierSpec:
    """A dossier of the current campaign, drafted by ``submitter`` for ``unit``, then taken on its
    own through ``steps``:

    - ``("submit",)``: the submitter submits it;
    - ``("claim",)``: the reviewer claims its review;
    - ``("return", comment, standard_met)``, ``("reject", comment, standard_met)``: the reviewer
      returns it for supplement, or rejects it, judging the standard met or not (None: no judgement);
    - ``("withdraw", comment)``: the submitter withdraws it, in answer to a return.
    """

    key: str
    submitter: str
    unit: str
    award_form: str
    nominee: dict
    summary: str
    evidence: dict
    documents: tuple[str, ...] | None = None  # None: every document the award form requires
    registration: str | None = None  # the key of the registration it follows, whose nominee it takes
    steps: tuple[tuple, ...] = ()


# The dossiers, in the order they are made.
DOSSIERS = [
    # Xã Tả Van ----------------------------------------------------------------------------------
    # A draft still missing its summary list.
    DossierSpec(
        "ta_van_draft",
        "xa_ta_van",
        "ta-van",
        GIAY_KHEN,
        {
            "kind": NomineeKind.POOR_HOUSEHOLD,
            "name": "Hộ ông Giàng A Lử",
            "birth_year": 1978,
            "address": f"Thôn Tả Van Mông, {TA_VAN_ADDRESS}",
        },
        "Hộ nghèo năm 2019, vay vốn ưu đãi trồng thảo quả và làm homestay; thu nhập bình quân đầu "
        "người tăng từ 7.800.000 đồng (2019) lên 24.600.000 đồng một năm.",
        {
            "on_2019_poor_list": True,
            "income_per_capita_2019": 7_800_000,
            "income_per_capita_now": 24_600_000,
            "complies_with_policy": True,
            "village_agrees": True,
        },
        documents=(DocumentKind.PROPOSAL_LETTER, DocumentKind.COUNCIL_MINUTES),
    ),
    # Submitted, waiting in the labour office's queue.
    DossierSpec(
        "ta_van_submitted",
        "xa_ta_van",
        "ta-van",
        GIAY_KHEN,
        {
            "kind": NomineeKind.INDIVIDUAL,
            "name": "Ông Sùng A Pao",
            "birth_year": 1972,
            "position": "Chủ nhiệm Hợp tác xã du lịch cộng đồng Tả Van",
            "address": f"Thôn Séo Mí Tả, {TA_VAN_ADDRESS}",
        },
        "Nhận 6 lao động của hộ nghèo vào làm việc ổn định tại hợp tác xã; cả 6 hộ đã thoát nghèo bền vững trong năm.",
        {"households_helped": 6},
        registration="person",
        steps=(("submit",),),
    ),
    # Under review by the labour office.
    DossierSpec(
        "ta_van_under_review",
        "xa_ta_van",
        "ta-van",
        GIAY_KHEN,
        {
            "kind": NomineeKind.OFFICIAL,
            "name": "Bà Vàng Thị Sinh",
            "birth_year": 1985,
            "position": "Công chức Văn hoá - Xã hội xã Tả Van",
            "address": TA_VAN_ADDRESS,
        },
        "Trực tiếp rà soát hộ nghèo, hộ cận nghèo; hướng dẫn 14 hộ làm hồ sơ vay vốn Ngân hàng "
        "Chính sách xã hội; phụ trách thôn Tả Van Mông giảm 9 hộ nghèo.",
        {},
        steps=(("submit",), ("claim",)),
    ),
    # Returned for supplement.
    DossierSpec(
        "ta_van_returned",
        "xa_ta_van",
        "ta-van",
        GIAY_KHEN,
        {
            "kind": NomineeKind.ENTERPRISE,
            "name": "Công ty TNHH Du lịch sinh thái Tả Van",
            "address": f"Thôn Tả Van Giáy, {TA_VAN_ADDRESS}",
        },
        "Ủng hộ 60.000.000 đồng xây nhà vệ sinh và bể nước sạch cho 12 hộ nghèo thôn Tả Van Giáy.",
        {"support_amount": 60_000_000},
        steps=(
            ("submit",),
            (
                "return",
                "Báo cáo thành tích chưa có xác nhận của UBND xã Tả Van (cấp trên quản lý trực tiếp); "
                "đề nghị bổ sung chứng từ ủng hộ 60.000.000 đồng.",
                True,
            ),
        ),
    ),
    # At the council: forwarded with the others under the labour office's compiled submission, and
    # not yet considered at a meeting.
    DossierSpec(
        "at_council",
        "xa_ta_van",
        "ta-van",
        GIAY_KHEN,
        {"kind": NomineeKind.VILLAGE, "name": "Thôn Tả Van Giáy", "address": f"Thôn Tả Van Giáy, {TA_VAN_ADDRESS}"},
        "Giảm 10 hộ nghèo trên chỉ tiêu 6 hộ thị xã giao (vượt 66,7%); bê tông hoá đường thôn, "
        "nhà văn hoá đạt chuẩn nông thôn mới.",
        {
            "poverty_reduction_target": 6,
            "poverty_reduction_achieved": 10,
            "party_clean_strong": True,
            "funds_settled_on_time": True,
            "living_conditions_improved": True,
            "infrastructure_to_standard": True,
        },
        steps=(("submit",),),
    ),
    # Awarded by the chairman's decision 15/QĐ-UBND.
    DossierSpec(
        "approved",
        "xa_ta_van",
        "ta-van",
        GIAY_KHEN,
        {
            "kind": NomineeKind.POOR_HOUSEHOLD,
            "name": "Hộ bà Vàng Thị Mỷ",
            "birth_year": 1969,
            "address": f"Thôn Tả Van Mông, {TA_VAN_ADDRESS}",
        },
        "Hộ nghèo năm 2019; chăn nuôi lợn đen, dệt thổ cẩm bán cho khách du lịch; thu nhập bình "
        "quân đầu người tăng từ 8.400.000 đồng lên 26.000.000 đồng một năm.",
        {
            "on_2019_poor_list": True,
            "income_per_capita_2019": 8_400_000,
            "income_per_capita_now": 26_000_000,
            "complies_with_policy": True,
            "village_agrees": True,
        },
        registration="household",
    ),
    # Proposed to the province for its emulation flag, and awarded.
    DossierSpec(
        "flag",
        "xa_ta_van",
        "ta-van",
        CO_THI_DUA,
        {"kind": NomineeKind.COMMUNE, "name": "Xã Tả Van", "address": TA_VAN_ADDRESS},
        "Tỷ lệ hộ nghèo giảm 7,2% (chỉ tiêu 5%); giảm 48 hộ nghèo trên chỉ tiêu 30 hộ; 100% hộ "
        "nghèo, cận nghèo được hưởng đầy đủ chính sách; không có hộ tái nghèo.",
        {
            "poverty_reduction_target": 30,
            "poverty_reduction_achieved": 48,
            "party_clean_strong": True,
            "funds_settled_on_time": True,
            "living_conditions_improved": True,
            "infrastructure_to_standard": True,
        },
        registration="flag",
    ),
    # Phường Sa Pa -------------------------------------------------------------------------------
    # A draft with only its proposal letter.
    DossierSpec(
        "sa_pa_draft",
        "phuong_sa_pa",
        "phuong-sa-pa",
        GIAY_KHEN,
        {
            "kind": NomineeKind.OFFICIAL,
            "name": "Bà Nguyễn Thị Lan Anh",
            "birth_year": 1988,
            "position": "Công chức Lao động - Thương binh và Xã hội phường Sa Pa",
            "address": SA_PA_ADDRESS,
        },
        "Tham mưu kế hoạch giảm nghèo của phường; kết nối việc làm cho 21 lao động thuộc hộ nghèo.",
        {},
        documents=(DocumentKind.PROPOSAL_LETTER,),
    ),
    # Submitted.
    DossierSpec(
        "sa_pa_submitted",
        "phuong_sa_pa",
        "phuong-sa-pa",
        GIAY_KHEN,
        {"kind": NomineeKind.VILLAGE, "name": "Tổ dân phố số 3", "address": f"Tổ dân phố số 3, {SA_PA_ADDRESS}"},
        "Giảm 7 hộ nghèo trên chỉ tiêu 4 hộ (vượt 75%); 100% hộ nghèo có nhà ở kiên cố và nước sạch.",
        {
            "poverty_reduction_target": 4,
            "poverty_reduction_achieved": 7,
            "party_clean_strong": True,
            "funds_settled_on_time": True,
            "living_conditions_improved": True,
            "infrastructure_to_standard": True,
        },
        steps=(("submit",),),
    ),
    # Rejected: the support falls short of the standard.
    DossierSpec(
        "sa_pa_rejected",
        "phuong_sa_pa",
        "phuong-sa-pa",
        GIAY_KHEN,
        {
            "kind": NomineeKind.INDIVIDUAL,
            "name": "Ông Lê Văn Hùng",
            "birth_year": 1965,
            "position": "Chủ cửa hàng vật liệu xây dựng",
            "address": f"Tổ dân phố số 1, {SA_PA_ADDRESS}",
        },
        "Ủng hộ xi măng, tôn lợp trị giá 30.000.000 đồng sửa nhà cho 3 hộ nghèo.",
        {"support_amount": 30_000_000, "households_helped": 0},
        steps=(
            ("submit",),
            (
                "reject",
                "Mức ủng hộ 30.000.000 đồng chưa đạt tiêu chuẩn 50.000.000 đồng trở lên (mục IV.2.2 Kế hoạch).",
                False,
            ),
        ),
    ),
    # Returned by the labour office, then withdrawn by the ward (a withdrawal is the commune's answer
    # to a return, in the flow).
    DossierSpec(
        "sa_pa_withdrawn",
        "phuong_sa_pa",
        "phuong-sa-pa",
        GIAY_KHEN,
        {
            "kind": NomineeKind.HOUSEHOLD,
            "name": "Hộ ông Hoàng Văn Chiến",
            "birth_year": 1980,
            "address": f"Tổ dân phố số 2, {SA_PA_ADDRESS}",
        },
        "Giúp 2 hộ nghèo trong tổ dân phố giống cây, con và ngày công.",
        {"households_helped": 2, "complies_with_policy": True, "village_agrees": True},
        steps=(
            ("submit",),
            ("return", "Đề nghị làm rõ phần thành tích trùng với hồ sơ của Tổ dân phố số 2.", None),
            ("withdraw", "Thành tích đã được tính trong hồ sơ của Tổ dân phố số 2; phường rút hồ sơ."),
        ),
    ),
    # Awaiting the chairman's decision.
    DossierSpec(
        "awaiting",
        "phuong_sa_pa",
        "phuong-sa-pa",
        GIAY_KHEN,
        {
            "kind": NomineeKind.ENTERPRISE,
            "name": "Công ty TNHH Khách sạn Mây Sa Pa",
            "address": f"Tổ dân phố số 4, {SA_PA_ADDRESS}",
        },
        "Ủng hộ 50.000.000 đồng tiền mặt và chăn, áo ấm cho hộ nghèo dịp Tết; nhận 5 lao động "
        "thuộc hộ nghèo vào làm việc.",
        {"support_amount": 50_000_000, "households_helped": 5},
    ),
]

# Once every dossier above is made, some go on together, as the batch screens take them: submitted
# (in this order), forwarded to the council under one compiled submission, considered at one
# council meeting, then decided by the chairman or, for the flag, by the province.
SUBMITTED_TOGETHER = ["approved", "flag", "awaiting"]
COMPILED_SUBMISSION = {
    "number": "45/TTr-LĐTBXH",
    "dossiers": ["at_council", "approved", "flag", "awaiting"],
    "comment": "Hồ sơ đầy đủ, đạt tiêu chuẩn; trình Hội đồng TĐKT thị xã.",
}
TOWN_AWARD_VOTE = (CouncilOutcome.TOWN_AWARD, "Hội đồng nhất trí đề nghị Chủ tịch UBND thị xã tặng Giấy khen.")
COUNCIL_MEETING = {
    # Four of the five members attend, and each ballot is carried by all four.
    "present": ["hoidong_1", "hoidong_2", "hoidong_3", "hoidong_4"],
    # Who chaired it, as its signed minutes name them, and the minutes' file.
    "chaired_by": "Hoàng Văn Tuấn, Chủ tịch Hội đồng Thi đua - Khen thưởng thị xã",
    "minutes": "bien-ban-hop-hoi-dong.pdf",
    # The dossiers considered, in this order: (outcome, comment) of each.
    "votes": {
        "approved": TOWN_AWARD_VOTE,
        "flag": (CouncilOutcome.PROVINCIAL_AWARD, "Hội đồng nhất trí đề nghị UBND tỉnh tặng Cờ thi đua."),
        "awaiting": TOWN_AWARD_VOTE,
    },
}
DECISION = {"number": "15/QĐ-UBND", "dossiers": ["approved"]}
PROVINCIAL_SUBMISSION = {"number": "52/TTr-UBND", "dossiers": ["flag"]}
PROVINCIAL_RESULT = {"dossier": "flag", "approved": True, "decision_number": "2468/QĐ-UBND"}
