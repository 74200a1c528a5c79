"""Every word the printed reports use, in English and Arabic (the reports are public documents: they carry their
own wording rather than the web application's catalog, so that a change to a form's label does not change a
published report's)."""

from __future__ import annotations

from collections.abc import Mapping

LABELS: Mapping[str, tuple[str, str]] = {
    # covers and headings
    "monthly_title": ("Monthly report", "التقرير الشهري"),
    "monthly_subtitle": ("Violations against civilians", "الانتهاكات بحق المدنيين"),
    "event_title": ("Incident dossier", "ملف الحادثة"),
    "profile": ("Publication profile", "ملف النشر"),
    "as_of": ("Data as of", "البيانات حتى"),
    "summary": ("Summary", "الملخص"),
    "published_events": ("Incidents published", "الحوادث المنشورة"),
    "counted_events": ("Incidents counted in the totals", "الحوادث المحتسبة في المجاميع"),
    "headline": ("Headline figures (counted incidents only)", "الأرقام الرئيسية (الحوادث المحتسبة فقط)"),
    "deaths_by_month": ("Deaths by month", "الوفيات حسب الشهر"),
    "deaths_by_governorate": ("Deaths by governorate", "الوفيات حسب المحافظة"),
    "deaths_by_perpetrator": ("Deaths by perpetrator", "الوفيات حسب الجهة المرتكبة"),
    "perpetrator_note": ("An incident with several perpetrators counts under each of them.",
                         "تحتسب الحادثة التي تعددت الجهات المرتكبة لها تحت كل جهة منها."),
    "victims_by_sex_age": ("Listed victims by sex and age group", "الضحايا المدرجون حسب الجنس والفئة العمرية"),
    "detention": ("Detention", "الاعتقال"),
    "displacement": ("Displacement", "التهجير"),
    "protected": ("Attacks on protected persons and objects", "الاعتداءات على الأشخاص والأعيان المحمية"),
    "methodology": ("Methodology", "المنهجية"),
    "annex": ("Annex: incidents", "ملحق: الحوادث"),
    "none_this_month": ("None reported in this period.", "لم يبلغ عن شيء في هذه الفترة."),
    "not_reported": ("not reported", "غير مبلغ عنه"),
    "unknown": ("Unknown", "غير معروف"),
    "incidents": ("Incidents", "الحوادث"),
    "figure": ("Figure (min–max)", "الرقم (الأدنى–الأعلى)"),
    "total": ("Total", "المجموع"),
    "category": ("Category", "الفئة"),
    "listed_note": ("Every published incident is listed; only counted ones enter the headline totals.",
                    "تدرج كل الحوادث المنشورة، ولا يدخل المجاميع الرئيسية إلا المحتسب منها."),
    # categories
    "killed": ("Killed", "القتلى"),
    "injured": ("Injured", "الجرحى"),
    "detained": ("Detained", "المعتقلون"),
    "displaced": ("Displaced", "المهجرون"),
    # victims
    "female": ("Female", "إناث"),
    "male": ("Male", "ذكور"),
    "child": ("Children (under 18)", "أطفال (دون 18)"),
    "adult": ("Adults", "بالغون"),
    "sex": ("Sex", "الجنس"),
    "age_group": ("Age group", "الفئة العمرية"),
    "name": ("Name", "الاسم"),
    "withheld_name": ("not published", "لا ينشر"),
    # columns
    "date": ("Date", "التاريخ"),
    "place": ("Place", "المكان"),
    "grade": ("Grade", "التصنيف"),
    "figures": ("Figures", "الأرقام"),
    "acts": ("Violations", "الانتهاكات"),
    "type": ("Type", "النوع"),
    "perpetrators": ("Perpetrators", "الجهات المرتكبة"),
    "status": ("Verification status", "حالة التحقق"),
    "narrative": ("Narrative", "السرد"),
    "victims": ("Victims", "الضحايا"),
    "sources": ("Sources", "المصادر"),
    "pseudonym": ("Source", "المصدر"),
    "kind": ("Kind", "النوع"),
    "reliability": ("Reliability", "الموثوقية"),
    "files": ("Files", "الملفات"),
    "sha256": ("SHA-256 (published copy)", "SHA-256 (النسخة المنشورة)"),
    "original_sha256": ("SHA-256 of the original", "SHA-256 للأصل"),
    "media_type": ("Media type", "نوع الوسائط"),
    "size": ("Size (bytes)", "الحجم (بايت)"),
    "derivation": ("Published as", "نشر بصفة"),
    "custody": ("Custody entries", "قيود سلسلة الحيازة"),
    "history": ("History", "السجل"),
    "version": ("Version", "الإصدار"),
    "change": ("Change", "التغيير"),
    "merged": ("Same incident as", "الحادثة نفسها"),
    "description": ("Description", "الوصف"),
    "no_sources": ("No source is published for this incident.", "لا ينشر أي مصدر لهذه الحادثة."),
    "no_files": ("No file is published for this incident.", "لا ينشر أي ملف لهذه الحادثة."),
    "no_victims": ("No victim is listed.", "لا يوجد ضحايا مدرجون."),
    "counted_yes": ("Counted in the headline totals", "محتسبة في المجاميع الرئيسية"),
    "counted_no": ("Not counted in the headline totals", "غير محتسبة في المجاميع الرئيسية"),
    "page": ("Page", "صفحة"),
    # history changes
    "create": ("created", "أنشئ"),
    "update": ("changed", "عدل"),
    "delete": ("deleted", "حذف"),
    "restore": ("restored", "استعيد"),
    # derivations
    "metadata-stripped": ("copy without metadata", "نسخة دون بيانات وصفية"),
    "faces-blurred": ("copy with faces blurred", "نسخة بوجوه مموهة"),
    # statuses
    "unverified": ("unverified", "غير متحقق منه"),
    "corroborated": ("corroborated", "معزز"),
    "verified": ("verified", "متحقق منه"),
    "disputed": ("disputed", "متنازع عليه"),
    "false": ("false", "غير صحيح"),
    # grades
    "confirmed": ("confirmed", "مؤكد"),
    "fair": ("fair", "مقبول"),
    "weak": ("weak", "ضعيف"),
    "contested": ("contested", "متنازع عليه"),
    "discounted": ("discounted", "مستبعد"),
    # methodology
    "method_grades": (
        "Each incident has a grade computed from its record: confirmed (its status is verified), fair (two or more "
        "independent sources), weak (one source), contested (accounts disagree on perpetrators or figures) and "
        "discounted. The grade is never typed by hand; an override is recorded with its reason.",
        "لكل حادثة تصنيف يحسب من سجلها: مؤكد (حالتها متحقق منها)، مقبول (مصدران مستقلان أو أكثر)، ضعيف "
        "(مصدر واحد)، متنازع عليه (تختلف الروايات في الجهات المرتكبة أو الأرقام)، ومستبعد. لا يكتب التصنيف "
        "باليد، ويسجل أي تعديل يدوي مع سببه."),
    "method_counted": ("The headline totals count only incidents graded:",
                       "لا تحتسب المجاميع الرئيسية إلا الحوادث المصنفة:"),
    "method_figures": (
        "Figures are given as the lowest and the highest number the accounts give (min–max), for each category "
        "separately: categories are never added together, and a category no account gives is shown as "
        "\"not reported\", not as zero. Dates are never shown more precisely than they were recorded.",
        "تعرض الأرقام بأدنى عدد وأعلى عدد تذكره الروايات (الأدنى–الأعلى)، لكل فئة على حدة: لا تجمع الفئات "
        "معا، والفئة التي لا تذكرها أي رواية تعرض \"غير مبلغ عنه\" لا صفرا. ولا تعرض التواريخ بدقة أكبر مما "
        "سجلت به."),
    "method_withheld": (
        "To protect people, some records and details were held back from this report, for these reasons:",
        "حماية للأشخاص، حجبت بعض السجلات والتفاصيل عن هذا التقرير للأسباب الآتية:"),
    "method_nothing_withheld": ("Nothing was held back from this report.", "لم يحجب شيء عن هذا التقرير."),
    # withheld reasons, in general terms
    "withheld:not-public": ("records that are not public", "سجلات غير عامة"),
    "withheld:not-verified": ("incidents not yet verified enough to publish", "حوادث لم يتحقق منها بما يكفي للنشر"),
    "withheld:disputed": ("disputed or false incidents", "حوادث متنازع عليها أو غير صحيحة"),
    "withheld:no-consent": ("sources who did not consent to publication", "مصادر لم توافق على النشر"),
    "withheld:sources-off": ("sources (this profile publishes none)", "المصادر (لا ينشر هذا الملف أي مصدر)"),
    "withheld:victims-unnamed": ("victims' names", "أسماء الضحايا"),
    "withheld:protected-field": ("protected details", "تفاصيل محمية"),
    "withheld:place-coarsened": ("exact places (shown at a coarser level)", "الأماكن الدقيقة (تعرض بمستوى أعم)"),
    "withheld:date-coarsened": ("exact dates (shown at a coarser precision)", "التواريخ الدقيقة (تعرض بدقة أقل)"),
    "withheld:evidence-off": ("evidence files (this profile publishes none)",
                              "ملفات الأدلة (لا ينشر هذا الملف أي ملف)"),
    "withheld:evidence-not-derived": ("files that could not be made safe to publish", "ملفات تعذر تجهيزها للنشر بأمان"),
    "withheld:faces-not-blurred": ("images whose faces could not be blurred", "صور تعذر تمويه الوجوه فيها"),
    "withheld:deleted": ("records deleted since an earlier publication", "سجلات حذفت بعد نشر سابق"),
}


def label(key: str, language: str) -> str:
    """The word for ``key`` in ``language`` (``en`` or ``ar``); an unknown key is shown as itself."""
    english, arabic = LABELS.get(key, (key, key))
    return arabic if language == "ar" else english
