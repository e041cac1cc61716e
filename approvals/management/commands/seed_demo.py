"""Demo data: Lào Cai's Sa Pa town, its award forms and campaigns, a user per role, and dossiers.

Idempotent: what exists is left as it is, so a second run creates nothing and writes nothing to
the audit trail. Dossiers are made through the services, as users would make them, so that their
audit trail is real; they are made only while the current campaign has none. From submission on,
they go through the award-dossier flow as through its screens (``approvals.routing``): each step
claims the dossier's open task and completes it with the task's service, so that the demo's queues
and inboxes hold what the dossiers' states say. Past review they go as the batch screens take them:
one compiled submission to the council, one council meeting, the chairman's decision.
"""

from __future__ import annotations

import datetime
import secrets
import unicodedata
from collections import Counter
from decimal import Decimal

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from approvals.flows import AwardDossierFlow
from approvals.models import CouncilOutcome
from approvals.transitions import flow_submit, open_task, task_claim, task_complete, tasks_complete
from approvals.services import (
    Ballot,
    compiled_submission_create,
    council_meeting_record,
    decision_sign,
    provincial_result_record,
    provincial_submission_create,
)
from audit.services import audit_record, snapshot
from dossiers.models import (
    AwardForm,
    Campaign,
    Criterion,
    DocumentKind,
    Dossier,
    NomineeKind,
    Procedure,
    RequiredDocument,
    Rule,
    Status,
)
from registrations.models import Registration
from registrations.services import registration_create, registration_list_create
from dossiers.services import (
    Judgement,
    document_add,
    dossier_create,
    dossier_reject,
    dossier_return_for_supplement,
    dossier_withdraw,
)
from roles.models import Membership, Role, Unit, UnitKind, User
from roles.services import membership_grant
from workflow_project.errors import ServiceError

# Written as the comment of the configuration events this command records (it has no user).
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
    "phuong-sa-pa": [
        (f"phuong-sa-pa-to-{n}", f"Tổ dân phố số {n}", UnitKind.RESIDENTIAL_GROUP) for n in range(1, 5)
    ],
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

CAMPAIGN_NAME = (
    "Cải thiện và từng bước nâng cao điều kiện sống của các hộ nghèo, hộ cận nghèo, "
    "người dân tộc thiểu số"
)
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
    ([NomineeKind.ENTERPRISE], 1, Rule.MIN_AMOUNT, "support_amount", "", "50000000",
     "Ủng hộ tiền, hiện vật trị giá từ 50.000.000 đồng trở lên"),
    ([NomineeKind.AGENCY], 1, Rule.JUDGEMENT, "", "", None,
     "Có nhiều thành tích xuất sắc trong công tác giảm nghèo bền vững"),
    (COMMUNES_AND_VILLAGES, 1, Rule.ATTESTATION, "party_clean_strong", "", None,
     "Tổ chức Đảng đạt trong sạch vững mạnh, các đoàn thể đạt vững mạnh"),
    (COMMUNES_AND_VILLAGES, 1, Rule.OVER_TARGET, "poverty_reduction_achieved", "poverty_reduction_target", "50",
     "Thực hiện kế hoạch giảm nghèo vượt từ 50% trở lên so với chỉ tiêu thị xã giao"),
    (COMMUNES_AND_VILLAGES, 1, Rule.ATTESTATION, "funds_settled_on_time", "", None,
     "Phân bổ, thanh quyết toán kinh phí đúng quy định, kịp thời"),
    (COMMUNES_AND_VILLAGES, 1, Rule.ATTESTATION, "living_conditions_improved", "", None,
     "Đời sống người nghèo được cải thiện rõ rệt (y tế, giáo dục, văn hoá, nước sạch, vệ sinh, nhà ở)"),
    (COMMUNES_AND_VILLAGES, 1, Rule.ATTESTATION, "infrastructure_to_standard", "", None,
     "Cơ sở hạ tầng được đầu tư đạt chuẩn nông thôn mới"),
    ([NomineeKind.INDIVIDUAL], 1, Rule.MIN_AMOUNT, "support_amount", "", "50000000",
     "Ủng hộ tiền, hiện vật trị giá từ 50.000.000 đồng trở lên"),
    ([NomineeKind.INDIVIDUAL], 2, Rule.MIN_COUNT, "households_helped", "", "5",
     "Giúp đỡ từ 5 - 10 hộ nghèo có việc làm ổn định, thoát nghèo"),
    ([NomineeKind.OFFICIAL], 1, Rule.JUDGEMENT, "", "", None,
     "Cán bộ, công chức, viên chức có nhiều thành tích trong công tác giảm nghèo"),
    ([NomineeKind.POOR_HOUSEHOLD], 1, Rule.ON_LIST, "on_2019_poor_list", "", None,
     "Thuộc danh sách hộ nghèo năm 2019 được xã phê duyệt"),
    ([NomineeKind.POOR_HOUSEHOLD], 1, Rule.ATTESTATION, "complies_with_policy", "", None,
     "Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước"),
    ([NomineeKind.POOR_HOUSEHOLD], 1, Rule.ATTESTATION, "village_agrees", "", None,
     "Gia đình hoà thuận, được thôn, bản nhất trí đề nghị"),
    ([NomineeKind.POOR_HOUSEHOLD], 1, Rule.MIN_RATIO, "income_per_capita_now", "income_per_capita_2019", "3",
     "Thu nhập bình quân đầu người tăng gấp 3 lần trở lên so với năm 2019"),
]



def criteria_of(form: AwardForm, standard) -> list[Criterion]:
    """The criteria of ``standard`` (rows as in ``TOWN_STANDARD``) for ``form``, unsaved."""
    return [
        Criterion(
            award_form=form,
            nominee_kinds=kinds,
            alternative=alternative,
            rule=rule,
            field=field,
            other_field=other_field,
            threshold=None if value is None else Decimal(value),
            description=description,
        )
        for kinds, alternative, rule, field, other_field, value, description in standard
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


def ascii_text(text: str) -> str:
    """Vietnamese without diacritics, for the base-14 PDF fonts (which have no Vietnamese glyphs)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.encode("ascii", "replace").decode("ascii")


def demo_pdf(lines: list[str]) -> bytes:
    """A small, well-formed one-page PDF showing ``lines``."""
    escaped = [ascii_text(line).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    content = "BT /F1 12 Tf 16 TL 56 780 Td " + " ".join(f"({line}) Tj T*" for line in escaped) + " ET"
    stream = content.encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


class Seeder:
    def __init__(self, *, password: str | None, today: datetime.date):
        self.password = password
        self.today = today
        self.created: Counter[str] = Counter()
        self.new_password: str | None = None
        self.passwords_set = 0
        self.units: dict[str, Unit] = {}
        self.users: dict[str, User] = {}
        self.forms: dict[str, AwardForm] = {}
        self.current: Campaign | None = None  # this year's campaign, which gets the dossiers
        self.registered: dict[str, Registration] = {}  # registrations made now, that dossiers follow

    # Configuration ---------------------------------------------------------------------------

    def _record_added(self, obj: models.Model, extra: dict | None = None) -> None:
        audit_record(
            action="config.added",
            obj=obj,
            # As stored: Decimal("50") is kept as 50.00.
            after=snapshot(type(obj).objects.get(pk=obj.pk)) | (extra or {}),
            role=Role.ADMINISTRATOR.value,
            comment=SOURCE,
        )

    def unit(self, code: str, name: str, kind: str, parent: Unit | None) -> Unit:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            unit = Unit(code=code, name=name, kind=kind, parent=parent)
            unit.full_clean()
            unit.save()
            self._record_added(unit)
            self.created["units"] += 1
        self.units[code] = unit
        return unit

    def organisation(self) -> None:
        province = self.unit(*PROVINCE, UnitKind.PROVINCE, None)
        town = self.unit(*TOWN, UnitKind.TOWN, province)
        for code, name in OFFICES:
            self.unit(code, name, UnitKind.OFFICE, town)
        for code, name in WARDS:
            self.unit(code, name, UnitKind.WARD, town)
        for code, name in COMMUNES:
            self.unit(code, name, UnitKind.COMMUNE, town)
        for parent, units in VILLAGES.items():
            for code, name, kind in units:
                self.unit(code, name, kind, self.units[parent])

    def award_form(
        self, code: str, name: str, body: Unit, *, quorum: str, threshold: str, standard=()
    ) -> AwardForm:
        form = AwardForm.objects.filter(code=code).first()
        if form is None:
            form = AwardForm(
                code=code,
                name=name,
                awarding_body=body,
                valid_from=datetime.date(2016, 1, 1),
                valid_until=None,
                quorum_percent=Decimal(quorum),
                vote_threshold_percent=Decimal(threshold),
            )
            form.full_clean()
            form.save()
            self.created["award forms"] += 1
            added = True
        else:
            added = False
        required = []
        for procedure, documents in REQUIRED_DOCUMENTS.items():
            for kind, nominee_kinds, copies, certified in documents:
                item, made = RequiredDocument.objects.get_or_create(
                    award_form=form,
                    procedure=procedure,
                    kind=kind,
                    defaults={"nominee_kinds": nominee_kinds, "copies": copies, "certified_by_superior": certified},
                )
                if made:
                    required.append(snapshot(item))
        related = {"required_documents": required} if required else {}
        # The standard is set once, with its first criterion; what the admin changed later stays.
        if standard and not form.criteria.exists():
            for criterion in criteria_of(form, standard):
                criterion.full_clean()
                criterion.save()
            related["criteria"] = [snapshot(item) for item in form.criteria.all()]
        if added:
            self._record_added(form, related)
        elif related:
            audit_record(
                action="config.related_changed",
                obj=form,
                after=related,
                role=Role.ADMINISTRATOR.value,
                comment=SOURCE,
            )
        self.forms[code] = form
        return form

    def award_forms(self) -> None:
        # The awarding bodies, validity dates, quorum and vote thresholds are configuration: a
        # province sets its own in the admin, and they change with the law.
        #
        # Town-level bodies such as UBND thị xã Sa Pa ended with the two-tier local government on
        # 01/07/2025, so the town's Giấy khen was really valid from 01/01/2016 until 30/06/2025.
        # The demo keeps it open-ended so that today's campaign can still offer it; a real
        # deployment after 01/07/2025 gives it an end date and configures the Giấy khen of a
        # commune or ward chairman (or the province's awards) instead.
        self.award_form(
            "giay-khen-chu-tich-thi-xa",
            "Giấy khen của Chủ tịch UBND thị xã",
            self.units["sa-pa"],
            quorum="66.67",
            threshold="50",
            standard=TOWN_STANDARD,
        )
        self.award_form(
            "bang-khen-chu-tich-tinh",
            "Bằng khen của Chủ tịch UBND tỉnh",
            self.units["lao-cai"],
            quorum="66.67",
            threshold="50",
        )
        self.award_form(
            "co-thi-dua-ubnd-tinh",
            "Cờ thi đua của UBND tỉnh",
            self.units["lao-cai"],
            quorum="66.67",
            threshold="80",
        )

    def campaign(self, *, year: int, legal_basis: str, dates: dict[str, datetime.date]) -> Campaign:
        town = self.units["sa-pa"]
        campaign = Campaign.objects.filter(name=CAMPAIGN_NAME, year=year, launched_by=town).first()
        if campaign is None:
            campaign = Campaign(
                name=CAMPAIGN_NAME, year=year, legal_basis=legal_basis, launched_by=town, report_day=25, **dates
            )
            campaign.full_clean()
            campaign.save()
            campaign.award_forms.set(self.forms.values())
            self._record_added(campaign, {"award_forms": sorted(form.pk for form in self.forms.values())})
            self.created["campaigns"] += 1
        return campaign

    def campaigns(self) -> Campaign:
        """The 2020 campaign as the plan set it, and today's, whose deadlines lie ahead."""
        self.campaign(
            year=2020,
            legal_basis=LEGAL_BASIS_2020,
            dates={
                "registration_deadline": datetime.date(2020, 3, 10),
                "registration_compile_deadline": datetime.date(2020, 3, 15),
                "plan_deadline": datetime.date(2020, 3, 12),
                "dossier_deadline": datetime.date(2020, 11, 10),
                "compile_deadline": datetime.date(2020, 11, 15),
                "midyear_report_deadline": datetime.date(2020, 6, 10),
                "yearend_report_deadline": datetime.date(2020, 12, 10),
            },
        )
        day = lambda n: self.today + datetime.timedelta(days=n)  # noqa: E731
        return self.campaign(
            year=self.today.year,
            legal_basis=LEGAL_BASIS_NOW,
            dates={
                "registration_deadline": day(14),
                "registration_compile_deadline": day(19),
                "plan_deadline": day(16),
                "dossier_deadline": day(60),
                "compile_deadline": day(65),
                "midyear_report_deadline": day(30),
                "yearend_report_deadline": day(75),
            },
        )

    # Users -----------------------------------------------------------------------------------

    def user(self, username: str, full_name: str, superuser: bool) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            if self.password is None and self.new_password is None:
                self.new_password = secrets.token_urlsafe(9)
            user = User(username=username, full_name=full_name, is_staff=superuser, is_superuser=superuser)
            user.set_password(self.password or self.new_password)
            user.save()
            self._record_added(user)
            self.created["users"] += 1
        elif self.password is not None and not user.check_password(self.password):
            user.set_password(self.password)
            user.save(update_fields=["password"])
            audit_record(action="auth.password_set", stream=f"auth:{username}", obj=user, comment=SOURCE)
            self.passwords_set += 1
        self.users[username] = user
        return user

    def roles(self) -> None:
        active = Q(starts_on__lte=self.today) & (Q(ends_on__isnull=True) | Q(ends_on__gt=self.today))
        for username, full_name, role, unit_code, superuser in USERS:
            user = self.user(username, full_name, superuser)
            unit = self.units[unit_code]
            if not Membership.objects.filter(active, user=user, role=role, unit=unit).exists():
                # The administrator's own role is granted by the system; the others by it.
                granter = None if username == "admin" else self.users["admin"]
                membership_grant(actor=granter, user=user, role=role, unit=unit)
                self.created["memberships"] += 1

    # Dossiers, through the services ------------------------------------------------------------

    def documents(self, dossier: Dossier, actor: User, kinds=None) -> None:
        if kinds is None:
            kinds = [req.kind for req in dossier.award_form.required_for(dossier.procedure, dossier.nominee.kind)]
        for kind in kinds:
            file_name, title = DOCUMENT_FILES[kind]
            lines = [
                title,
                f"{dossier.reference} - {dossier.nominee.name}",
                f"{dossier.award_form.name} - {dossier.unit.name}",
                f"Ngày {self.today:%d/%m/%Y} (dữ liệu minh hoạ)",
            ]
            upload = SimpleUploadedFile(file_name, demo_pdf(lines), content_type="application/pdf")
            document_add(dossier_id=dossier.pk, actor=actor, kind=kind, upload=upload)

    def draft(self, actor: User, unit: Unit, form: str, nominee: dict, summary: str, evidence: dict,
              documents=None, registration: Registration | None = None) -> Dossier:
        """A draft for ``nominee``, or, following ``registration``, for the nominee registered."""
        dossier = dossier_create(
            actor=actor,
            campaign_id=self.current.pk,
            unit_id=unit.pk,
            award_form_id=self.forms[form].pk,
            nominee=None if registration else nominee,
            summary=summary,
            evidence=evidence,
            registration_id=registration.pk if registration else None,
        )
        dossier = Dossier.objects.select_related("award_form", "nominee", "unit", "campaign").get(pk=dossier.pk)
        self.documents(dossier, actor, documents)
        return dossier

    def step(self, dossier: Dossier, node, actor: User, perform=None) -> None:
        """``actor`` claims the dossier's open task, which must be ``node``, and completes it with
        ``perform`` (a call of the task's service on the dossier); without it, only claims it."""
        task = open_task(dossier_id=dossier.pk)
        if task is None or task.flow_task != node:
            raise CommandError(f"{dossier.reference}: expected the task {node.name}, found {task and task.flow_task}.")
        if not task.owner_id:
            task_claim(task_id=task.pk, actor=actor)
        if perform is not None:
            task_complete(task_id=task.pk, actor=actor, perform=perform)

    def batch(self, dossiers: list[Dossier], node, actor: User, perform) -> None:
        """``actor`` completes the open tasks (``node``) of several dossiers at once, with one call of
        ``perform`` (the batch service) on them all."""
        tasks = [open_task(dossier_id=dossier.pk) for dossier in dossiers]
        if any(task is None or task.flow_task != node for task in tasks):
            raise CommandError(f"Expected the task {node.name} open on {', '.join(d.reference for d in dossiers)}.")
        tasks_complete(task_ids=[task.pk for task in tasks], node=node, actor=actor, perform=perform)

    def registrations(self) -> None:
        """Tả Van registers for the provincial flag, with one of its households and one of its people,
        and the labour office sends those to home affairs; Sa Pa ward's registration waits for a list."""
        if Registration.objects.filter(campaign=self.current).exists():
            return
        u = self.users
        ta_van, sa_pa = self.units["ta-van"], self.units["phuong-sa-pa"]
        ta_van_address = "xã Tả Van, thị xã Sa Pa, tỉnh Lào Cai"

        def register(key, actor, unit, form, pledge, nominee=None):
            self.registered[key] = registration_create(
                actor=actor, campaign_id=self.current.pk, unit_id=unit.pk, award_form_id=self.forms[form].pk,
                nominee=nominee, pledge=pledge,
            )

        register("flag", u["xa_ta_van"], ta_van, "co-thi-dua-ubnd-tinh",
                 "Giảm tỷ lệ hộ nghèo ít nhất 5% trong năm, vượt 30% chỉ tiêu thị xã giao; không để phát sinh "
                 "hộ tái nghèo; 100% hộ nghèo, cận nghèo được hưởng đầy đủ chính sách.")
        register("household", u["xa_ta_van"], ta_van, "giay-khen-chu-tich-thi-xa",
                 "Phát triển chăn nuôi lợn đen và dệt thổ cẩm, nâng thu nhập bình quân đầu người gấp 3 lần năm 2019.",
                 {"kind": NomineeKind.POOR_HOUSEHOLD, "name": "Hộ bà Vàng Thị Mỷ", "birth_year": 1969,
                  "address": f"Thôn Tả Van Mông, {ta_van_address}"})
        register("person", u["xa_ta_van"], ta_van, "giay-khen-chu-tich-thi-xa",
                 "Nhận thêm lao động thuộc hộ nghèo vào làm việc ổn định tại hợp tác xã, giúp 5 hộ thoát nghèo.",
                 {"kind": NomineeKind.INDIVIDUAL, "name": "Ông Sùng A Pao", "birth_year": 1972,
                  "position": "Chủ nhiệm Hợp tác xã du lịch cộng đồng Tả Van",
                  "address": f"Thôn Séo Mí Tả, {ta_van_address}"})
        register("ward_flag", u["phuong_sa_pa"], sa_pa, "co-thi-dua-ubnd-tinh",
                 "Giảm 50% số hộ cận nghèo của phường; 100% hộ nghèo có nhà ở kiên cố và nước sạch.")
        registration_list_create(
            actor=u["ldtbxh"], number="12/DS-LĐTBXH", compiled_on=self.today,
            registration_ids=[self.registered[key].pk for key in ("flag", "household", "person")],
            comment="Tổng hợp đăng ký thi đua của các xã, phường gửi Phòng Nội vụ.",
        )
        self.created["registrations"] = len(self.registered)

    def dossiers(self) -> None:
        if Dossier.objects.filter(campaign=self.current).exists():
            return
        u = self.users
        ta_van, sa_pa = self.units["ta-van"], self.units["phuong-sa-pa"]
        giay_khen, co_thi_dua = "giay-khen-chu-tich-thi-xa", "co-thi-dua-ubnd-tinh"
        ta_van_address = "xã Tả Van, thị xã Sa Pa, tỉnh Lào Cai"
        sa_pa_address = "phường Sa Pa, thị xã Sa Pa, tỉnh Lào Cai"
        reviewer, secretary = u["ldtbxh"], u["noivu"]
        today = self.today
        done = []
        flow = AwardDossierFlow

        # Xã Tả Van ------------------------------------------------------------------------------
        xa = u["xa_ta_van"]

        # A draft still missing its summary list.
        self.draft(
            xa, ta_van, giay_khen,
            {"kind": NomineeKind.POOR_HOUSEHOLD, "name": "Hộ ông Giàng A Lử", "birth_year": 1978,
             "address": f"Thôn Tả Van Mông, {ta_van_address}"},
            "Hộ nghèo năm 2019, vay vốn ưu đãi trồng thảo quả và làm homestay; thu nhập bình quân đầu "
            "người tăng từ 7.800.000 đồng (2019) lên 24.600.000 đồng một năm.",
            {"on_2019_poor_list": True, "income_per_capita_2019": 7_800_000, "income_per_capita_now": 24_600_000,
             "complies_with_policy": True, "village_agrees": True},
            documents=[DocumentKind.PROPOSAL_LETTER, DocumentKind.COUNCIL_MINUTES],
        )

        # Submitted, waiting in the labour office's queue.
        d = self.draft(
            xa, ta_van, giay_khen,
            {"kind": NomineeKind.INDIVIDUAL, "name": "Ông Sùng A Pao", "birth_year": 1972,
             "position": "Chủ nhiệm Hợp tác xã du lịch cộng đồng Tả Van",
             "address": f"Thôn Séo Mí Tả, {ta_van_address}"},
            "Nhận 6 lao động của hộ nghèo vào làm việc ổn định tại hợp tác xã; cả 6 hộ đã thoát nghèo "
            "bền vững trong năm.",
            {"households_helped": 6},
            registration=self.registered.get("person"),
        )
        flow_submit(dossier_id=d.pk, actor=xa)

        # Under review by the labour office.
        d = self.draft(
            xa, ta_van, giay_khen,
            {"kind": NomineeKind.OFFICIAL, "name": "Bà Vàng Thị Sinh", "birth_year": 1985,
             "position": "Công chức Văn hoá - Xã hội xã Tả Van", "address": ta_van_address},
            "Trực tiếp rà soát hộ nghèo, hộ cận nghèo; hướng dẫn 14 hộ làm hồ sơ vay vốn Ngân hàng "
            "Chính sách xã hội; phụ trách thôn Tả Van Mông giảm 9 hộ nghèo.",
            {},
        )
        flow_submit(dossier_id=d.pk, actor=xa)
        self.step(d, flow.review, reviewer)  # claimed: under review

        # Returned for supplement.
        d = self.draft(
            xa, ta_van, giay_khen,
            {"kind": NomineeKind.ENTERPRISE, "name": "Công ty TNHH Du lịch sinh thái Tả Van",
             "address": f"Thôn Tả Van Giáy, {ta_van_address}"},
            "Ủng hộ 60.000.000 đồng xây nhà vệ sinh và bể nước sạch cho 12 hộ nghèo thôn Tả Van Giáy.",
            {"support_amount": 60_000_000},
        )
        flow_submit(dossier_id=d.pk, actor=xa)
        self.step(d, flow.review, reviewer, lambda d: dossier_return_for_supplement(
            dossier_id=d.pk, actor=reviewer,
            comment="Báo cáo thành tích chưa có xác nhận của UBND xã Tả Van (cấp trên quản lý trực tiếp); "
                    "đề nghị bổ sung chứng từ ủng hộ 60.000.000 đồng.",
            judgement=Judgement(standard_met=True),
        ))

        # At the council: forwarded with the others under the labour office's compiled submission,
        # and not yet considered at a meeting.
        at_council = self.draft(
            xa, ta_van, giay_khen,
            {"kind": NomineeKind.VILLAGE, "name": "Thôn Tả Van Giáy", "address": f"Thôn Tả Van Giáy, {ta_van_address}"},
            "Giảm 10 hộ nghèo trên chỉ tiêu 6 hộ thị xã giao (vượt 66,7%); bê tông hoá đường thôn, "
            "nhà văn hoá đạt chuẩn nông thôn mới.",
            {"poverty_reduction_target": 6, "poverty_reduction_achieved": 10, "party_clean_strong": True,
             "funds_settled_on_time": True, "living_conditions_improved": True, "infrastructure_to_standard": True},
        )
        flow_submit(dossier_id=at_council.pk, actor=xa)

        # Awarded by the chairman's decision 15/QĐ-UBND.
        approved = self.draft(
            xa, ta_van, giay_khen,
            {"kind": NomineeKind.POOR_HOUSEHOLD, "name": "Hộ bà Vàng Thị Mỷ", "birth_year": 1969,
             "address": f"Thôn Tả Van Mông, {ta_van_address}"},
            "Hộ nghèo năm 2019; chăn nuôi lợn đen, dệt thổ cẩm bán cho khách du lịch; thu nhập bình "
            "quân đầu người tăng từ 8.400.000 đồng lên 26.000.000 đồng một năm.",
            {"on_2019_poor_list": True, "income_per_capita_2019": 8_400_000, "income_per_capita_now": 26_000_000,
             "complies_with_policy": True, "village_agrees": True},
            registration=self.registered.get("household"),
        )
        done.append(approved)

        # Proposed to the province for its emulation flag, and awarded.
        flag = self.draft(
            xa, ta_van, co_thi_dua,
            {"kind": NomineeKind.COMMUNE, "name": "Xã Tả Van", "address": ta_van_address},
            "Tỷ lệ hộ nghèo giảm 7,2% (chỉ tiêu 5%); giảm 48 hộ nghèo trên chỉ tiêu 30 hộ; 100% hộ "
            "nghèo, cận nghèo được hưởng đầy đủ chính sách; không có hộ tái nghèo.",
            {"poverty_reduction_target": 30, "poverty_reduction_achieved": 48, "party_clean_strong": True,
             "funds_settled_on_time": True, "living_conditions_improved": True, "infrastructure_to_standard": True},
            registration=self.registered.get("flag"),
        )
        done.append(flag)

        # Phường Sa Pa ---------------------------------------------------------------------------
        phuong = u["phuong_sa_pa"]

        # A draft with only its proposal letter.
        self.draft(
            phuong, sa_pa, giay_khen,
            {"kind": NomineeKind.OFFICIAL, "name": "Bà Nguyễn Thị Lan Anh", "birth_year": 1988,
             "position": "Công chức Lao động - Thương binh và Xã hội phường Sa Pa", "address": sa_pa_address},
            "Tham mưu kế hoạch giảm nghèo của phường; kết nối việc làm cho 21 lao động thuộc hộ nghèo.",
            {},
            documents=[DocumentKind.PROPOSAL_LETTER],
        )

        # Submitted.
        d = self.draft(
            phuong, sa_pa, giay_khen,
            {"kind": NomineeKind.VILLAGE, "name": "Tổ dân phố số 3", "address": f"Tổ dân phố số 3, {sa_pa_address}"},
            "Giảm 7 hộ nghèo trên chỉ tiêu 4 hộ (vượt 75%); 100% hộ nghèo có nhà ở kiên cố và nước sạch.",
            {"poverty_reduction_target": 4, "poverty_reduction_achieved": 7, "party_clean_strong": True,
             "funds_settled_on_time": True, "living_conditions_improved": True, "infrastructure_to_standard": True},
        )
        flow_submit(dossier_id=d.pk, actor=phuong)

        # Rejected: the support falls short of the standard.
        d = self.draft(
            phuong, sa_pa, giay_khen,
            {"kind": NomineeKind.INDIVIDUAL, "name": "Ông Lê Văn Hùng", "birth_year": 1965,
             "position": "Chủ cửa hàng vật liệu xây dựng", "address": f"Tổ dân phố số 1, {sa_pa_address}"},
            "Ủng hộ xi măng, tôn lợp trị giá 30.000.000 đồng sửa nhà cho 3 hộ nghèo.",
            {"support_amount": 30_000_000, "households_helped": 0},
        )
        flow_submit(dossier_id=d.pk, actor=phuong)
        self.step(d, flow.review, reviewer, lambda d: dossier_reject(
            dossier_id=d.pk, actor=reviewer,
            comment="Mức ủng hộ 30.000.000 đồng chưa đạt tiêu chuẩn 50.000.000 đồng trở lên (mục IV.2.2 Kế hoạch).",
            judgement=Judgement(standard_met=False),
        ))

        # Returned by the labour office, then withdrawn by the ward (a withdrawal is the commune's
        # answer to a return, in the flow).
        d = self.draft(
            phuong, sa_pa, giay_khen,
            {"kind": NomineeKind.HOUSEHOLD, "name": "Hộ ông Hoàng Văn Chiến", "birth_year": 1980,
             "address": f"Tổ dân phố số 2, {sa_pa_address}"},
            "Giúp 2 hộ nghèo trong tổ dân phố giống cây, con và ngày công.",
            {"households_helped": 2, "complies_with_policy": True, "village_agrees": True},
        )
        flow_submit(dossier_id=d.pk, actor=phuong)
        self.step(d, flow.review, reviewer, lambda d: dossier_return_for_supplement(
            dossier_id=d.pk, actor=reviewer,
            comment="Đề nghị làm rõ phần thành tích trùng với hồ sơ của Tổ dân phố số 2.",
        ))
        self.step(d, flow.supplement, phuong, lambda d: dossier_withdraw(
            dossier_id=d.pk, actor=phuong,
            comment="Thành tích đã được tính trong hồ sơ của Tổ dân phố số 2; phường rút hồ sơ.",
        ))

        # Awaiting the chairman's decision.
        awaiting = self.draft(
            phuong, sa_pa, giay_khen,
            {"kind": NomineeKind.ENTERPRISE, "name": "Công ty TNHH Khách sạn Mây Sa Pa",
             "address": f"Tổ dân phố số 4, {sa_pa_address}"},
            "Ủng hộ 50.000.000 đồng tiền mặt và chăn, áo ấm cho hộ nghèo dịp Tết; nhận 5 lao động "
            "thuộc hộ nghèo vào làm việc.",
            {"support_amount": 50_000_000, "households_helped": 5},
        )
        done.append(awaiting)

        # Through review and the council, several at once as the batch screens do it ----------
        submitters = {ta_van.pk: xa, sa_pa.pk: phuong}
        for d in done:
            flow_submit(dossier_id=d.pk, actor=submitters[d.unit_id])
        self.batch([at_council, *done], flow.review, reviewer, lambda dossiers: compiled_submission_create(
            actor=reviewer, number="45/TTr-LĐTBXH", submitted_on=today, dossier_ids=[d.pk for d in dossiers],
            comment="Hồ sơ đầy đủ, đạt tiêu chuẩn; trình Hội đồng TĐKT thị xã.",
        ))
        members = [u[f"hoidong_{n}"] for n in range(1, 6)]
        present = members[:4]
        outcomes = {
            approved.pk: (CouncilOutcome.TOWN_AWARD, "Hội đồng nhất trí đề nghị Chủ tịch UBND thị xã tặng Giấy khen."),
            awaiting.pk: (CouncilOutcome.TOWN_AWARD, "Hội đồng nhất trí đề nghị Chủ tịch UBND thị xã tặng Giấy khen."),
            flag.pk: (CouncilOutcome.PROVINCIAL_AWARD, "Hội đồng nhất trí đề nghị UBND tỉnh tặng Cờ thi đua."),
        }
        self.batch(done, flow.council, secretary, lambda dossiers: council_meeting_record(
            actor=secretary, council_id=self.units["sa-pa-hdtdkt"].pk, held_on=today,
            attendee_ids=[m.pk for m in present],
            ballots=[Ballot(d.pk, len(present), 0, 0, *outcomes[d.pk]) for d in dossiers],
        ))
        self.batch([approved], flow.decision, u["chutich"], lambda dossiers: decision_sign(
            actor=u["chutich"], number="15/QĐ-UBND", signed_on=today, dossier_ids=[d.pk for d in dossiers]
        ))
        provincial_submission_create(actor=u["tinh"], number="52/TTr-UBND", sent_on=today, dossier_ids=[flag.pk])
        self.step(flag, flow.province, u["tinh"], lambda d: provincial_result_record(
            actor=u["tinh"], dossier_id=d.pk, approved=True, decision_number="2468/QĐ-UBND", decided_on=today
        ))
        self.created["dossiers"] = Dossier.objects.filter(campaign=self.current).count()

    def run(self) -> None:
        self.organisation()
        self.award_forms()
        self.current = self.campaigns()
        self.roles()
        self.registrations()
        self.dossiers()


class Command(BaseCommand):
    help = (
        "Create the demo: Sa Pa town's organisation, award forms, the 2020 and the current campaign, a "
        "user per role and dossiers in many states. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Set every demo user's password to this (new and existing users). Without it, new users "
            "get a random password, printed once; existing users keep theirs.",
        )

    def handle(self, *args, password=None, **options):
        if password is not None:
            if not password:
                raise CommandError("--password cannot be empty.")
            try:
                validate_password(password)
            except ValidationError as exc:
                self.stderr.write("Warning: weak password: " + " ".join(exc.messages))
        seeder = Seeder(password=password, today=timezone.localdate())
        try:
            with transaction.atomic():
                seeder.run()
        except ServiceError as exc:
            raise CommandError(f"The demo could not be made: {exc} ({exc.code} {exc.fields or ''})") from exc
        self.report(seeder)

    def report(self, seeder: Seeder) -> None:
        write = self.stdout.write
        made = ", ".join(f"{n} {what}" for what, n in seeder.created.items() if n)
        write(f"Demo data: created {made}." if made else "Demo data: already in place; nothing created.")
        if seeder.passwords_set:
            write(f"Password set for {seeder.passwords_set} existing user(s).")
        if seeder.new_password:
            write(self.style.WARNING(f"Password of the new demo users: {seeder.new_password}"))
        write("")
        write("Users (username, name: role in unit):")
        memberships = (
            Membership.objects.filter(user__username__in=[row[0] for row in USERS])
            .select_related("user", "unit")
            .order_by("user__id", "role")
        )
        for m in memberships:
            if m.is_active(seeder.today):
                write(f"  {m.user.username:<13} {m.user.full_name}: {m.get_role_display()}, {m.unit.name}")
        write("")
        write(f"Dossiers of “{seeder.current.name}” {seeder.current.year} "
              f"(dossiers due {seeder.current.dossier_deadline:%d/%m/%Y}):")
        counts = Counter(
            Dossier.objects.filter(campaign=seeder.current).values_list("unit__name", "status")
        )
        for unit_name in sorted({unit for unit, _ in counts}):
            states = ", ".join(
                f"{Status(status).label} {n}"
                for (unit, status), n in sorted(counts.items(), key=lambda item: list(Status).index(item[0][1]))
                if unit == unit_name
            )
            write(f"  {unit_name}: {states}")
