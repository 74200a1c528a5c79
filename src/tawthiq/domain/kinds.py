"""The record kinds of Tawthiq and the description of their fields (types in domain/fields.py).

Order matters: a kind comes after every kind it refers to, so exports import in this order.
"""

from __future__ import annotations

from dataclasses import replace

from tawthiq.domain.enums import (
    Confidentiality,
    DatePrecision,
    GeoPrecision,
    InformationRelation,
    Language,
    Sex,
    VerificationStatus,
)
from tawthiq.domain.fields import (
    Entry,
    Field,
    Kind,
    Label,
    Type,
    Widget,
    choice,
    decimal,
    field,
    number,
    record,
    system,
    text,
    vocab,
)

# The kinds of place a form offers; tests/domain/test_fields.py holds them to geo.sources.FEATURES.
PLACE_FEATURES = ("camp", "city", "country", "district", "governorate", "locality", "neighbourhood", "region", "site",
                  "subdistrict", "town", "village")

NAME = text("name", 300, ("Name", "الاسم"), (
    "The name most sources use, in Latin letters where there is a usual spelling.",
    "الاسم الذي تستخدمه أغلب المصادر، بالحروف اللاتينية إن كان له تهجئة معتادة."), required=True)
NAME_AR = text("name_ar", 300, ("Name in Arabic", "الاسم بالعربية"), (
    "The name in Arabic script.", "الاسم بالحروف العربية."))
DESCRIPTION = text("description", None, ("Description", "الوصف"), (
    "What is known, as established so far.", "ما هو معروف حتى الآن."))
NOTE = text("note", None, ("Note", "ملاحظة"), ("Anything a reader should know about this link.",
                                              "ما ينبغي للقارئ معرفته عن هذا الربط."))
LATITUDE = decimal("latitude", ("Latitude", "خط العرض"), (
    "Degrees north (WGS 84), from -90 to 90.", "درجات شمالاً (WGS 84)، من \u200e-90 إلى 90."))
LONGITUDE = decimal("longitude", ("Longitude", "خط الطول"), (
    "Degrees east (WGS 84), from -180 to 180.", "درجات شرقاً (WGS 84)، من \u200e-180 إلى 180."))
START = field("start", Type.DATE, Widget.WHEN, ("Start", "البداية"), (
    "When it began: a day, an ISO week, a month, a year or unknown; the span covers the whole unit.",
    "متى بدأ: يوم أو أسبوع ISO أو شهر أو سنة أو غير معروف؛ وتشمل الفترة الوحدة كلها."), column="start_date")
END = field("end", Type.DATE, Widget.WHEN, ("End", "النهاية"), (
    "When it ended, in the same forms; the end of the start when left empty.",
    "متى انتهى، بالصيغ نفسها؛ وإن تُرك فارغاً فهو نهاية البداية."), column="end_date")
DATE_PRECISION = choice("date_precision", tuple(p.value for p in DatePrecision), 8, ("Date precision", "دقة التاريخ"), (
    "Read from the start and end: day, week, month, year or unknown.",
    "تُستنتج من البداية والنهاية: يوم أو أسبوع أو شهر أو سنة أو غير معروفة."), entry=Entry.SYSTEM)


def _count(name: str, label: Label) -> Field:
    return number(name, label, ("The lowest credible count.", "أدنى عدد موثوق."), minimum=0)


_KIND_LIST: tuple[Kind, ...] = (
    Kind("concept", "concepts", "slug", ("vocabulary", "slug", "label_en", "label_ar"), (
        system("vocabulary", Type.TEXT, ("Vocabulary", "المفردات"), (
            "The vocabulary the term belongs to.", "المفردات التي ينتمي إليها المصطلح."), max_length=60, required=True),
        system("slug", Type.TEXT, ("Slug", "المعرّف النصي"), (
            "The term's short name, as the command line and the API take it.",
            "الاسم المختصر للمصطلح كما يأخذه سطر الأوامر والواجهة البرمجية."), max_length=60, required=True),
        record("parent", "concept", ("Broader term", "المصطلح الأعم"), (
            "The term it narrows.", "المصطلح الذي يندرج تحته."), entry=Entry.SYSTEM),
        system("label_en", Type.TEXT, ("Label in English", "التسمية بالإنجليزية"), (
            "The term in English.", "المصطلح بالإنجليزية."), max_length=200, required=True),
        system("label_ar", Type.TEXT, ("Label in Arabic", "التسمية بالعربية"), (
            "The term in Arabic.", "المصطلح بالعربية."), max_length=200, required=True),
        system("definition", Type.TEXT, ("Definition", "التعريف"), (
            "What the term covers.", "ما يشمله المصطلح.")),
        system("mappings", Type.MAPPING, ("Mappings", "المقابلات"), (
            "The matching terms of other schemes (ACLED).", "المصطلحات المقابلة في تصنيفات أخرى (ACLED).")),
        system("vocabulary_version", Type.INTEGER, ("Vocabulary version", "نسخة المفردات"), (
            "The version of the vocabulary it was loaded from.", "نسخة المفردات التي حُمّل منها.")),
    ), Confidentiality.PUBLIC),
    Kind("place", "places", "name", ("name", "name_ar", "feature", "latitude", "longitude"), (
        NAME, NAME_AR,
        field("alt_names", Type.LIST, Widget.LIST, ("Other names", "أسماء أخرى"), (
            "Other spellings and former names; searches and pickers match them too.",
            "تهجئات أخرى وأسماء سابقة؛ يطابقها البحث والاختيار أيضاً.")),
        choice("feature", PLACE_FEATURES, 40, ("Kind of place", "نوع المكان"), (
            "What sort of place it is, from a country down to a site.", "نوع المكان، من البلد حتى الموقع المحدد.")),
        record("parent", "place", ("Lies in", "يقع في"), (
            "The larger place it lies in (a district's governorate, say).",
            "المكان الأكبر الذي يقع فيه (محافظة المنطقة مثلاً).")),
        text("country_code", 2, ("Country code", "رمز البلد"), (
            "Two letters (ISO 3166), such as SY.", "حرفان (ISO 3166)، مثل SY.")),
        LATITUDE, LONGITUDE,
        text("gazetteer", 40, ("Gazetteer", "المعجم الجغرافي"), (
            "The gazetteer it was loaded from (geonames, cod-ab).",
            "المعجم الجغرافي الذي حُمّل منه (geonames، cod-ab)."),
            entry=Entry.ADVANCED),
        text("gazetteer_id", 80, ("Gazetteer id", "المعرّف في المعجم الجغرافي"), (
            "Its id in that gazetteer (a GeoNames id, a p-code).",
            "معرّفه في ذلك المعجم (رقم GeoNames أو رمز p-code)."),
            entry=Entry.ADVANCED),
    ), Confidentiality.PUBLIC),
    Kind("actor", "actors", "name", ("slug", "name", "name_ar", "kind_id"), (
        text("slug", 80, ("Short name", "الاسم المختصر"), (
            "Lower-case words joined by dashes (islamic-state): names the actor on the command line.",
            "كلمات بحروف صغيرة تصل بينها شرطات (islamic-state): تسمّي الجهة في سطر الأوامر."), entry=Entry.ADVANCED),
        NAME, NAME_AR,
        field("aliases", Type.LIST, Widget.LIST, ("Other names", "أسماء أخرى"), (
            "Other names, spellings and acronyms; searches and pickers match them too.",
            "أسماء وتهجئات واختصارات أخرى؛ يطابقها البحث والاختيار أيضاً.")),
        vocab("kind", "actor-kinds", ("Kind", "النوع"), (
            "What sort of actor: a state force, an armed group, an authority…",
            "نوع الجهة: قوة حكومية أو جماعة مسلحة أو سلطة…")),
        record("parent", "actor", ("Part of", "جزء من"), (
            "The larger force or group it belongs to.", "القوة أو الجماعة الأكبر التي ينتمي إليها.")),
        DESCRIPTION,
    ), Confidentiality.PUBLIC),
    Kind("person", "persons", "name", ("name", "name_ar", "sex", "role_title"), (
        text("name", 300, ("Name", "الاسم"), (
            "The full name as known, in Latin letters where the sources give them.",
            "الاسم الكامل كما هو معروف، بالحروف اللاتينية إن وردت في المصادر."), required=True),
        text("name_ar", 300, ("Name in Arabic", "الاسم بالعربية"), (
            "The full name in Arabic script.", "الاسم الكامل بالحروف العربية.")),
        field("other_names", Type.LIST, Widget.LIST, ("Other names", "أسماء أخرى"), (
            "Other spellings, nicknames and kunyas (Abu Ali).", "تهجئات أخرى وألقاب وكنى (أبو علي).")),
        choice("sex", tuple(s.value for s in Sex), 8, ("Sex", "الجنس"), (
            "As the sources record it; unknown when none says.", "كما تسجله المصادر؛ غير معروف إن لم يذكره أي منها.")),
        number("birth_year", ("Year of birth", "سنة الميلاد"), (
            "Four digits; leave it empty when only an age is known.", "أربعة أرقام؛ اتركه فارغاً إن عُرف العمر فقط.")),
        number("age", ("Age", "العمر"), (
            "In years, at the time of the events, as reported.", "بالسنوات، وقت الأحداث، كما ورد."), minimum=0),
        record("origin_place", "place", ("Place of origin", "مكان المنشأ"), (
            "Where the person comes from.", "المكان الذي ينحدر منه الشخص.")),
        record("affiliation", "actor", ("Affiliation", "الانتماء"), (
            "The actor the person belongs to or serves with, if any.",
            "الجهة التي ينتمي إليها الشخص أو يخدم فيها، إن وُجدت.")),
        text("role_title", 300, ("Role or title", "الدور أو الصفة"), (
            "Occupation, rank or position (nurse, mukhtar, colonel).",
            "المهنة أو الرتبة أو المنصب (ممرض، مختار، عقيد).")),
        text("description", None, ("Description", "الوصف"), (
            "What is known of the person that the team may read.", "ما يُعرف عن الشخص مما يجوز للفريق قراءته.")),
        text("protected_notes", None, ("Protected notes", "ملاحظات محمية"), (
            "Sensitive details (family, whereabouts): sealed at rest, shown only on an authorised, recorded request.",
            "تفاصيل حساسة (العائلة، مكان الوجود): مختومة عند التخزين، ولا تُعرض إلا بطلب مأذون ومسجَّل."),
            protected=True, entry=Entry.ADVANCED),
    )),
    Kind("source", "sources", "pseudonym", ("pseudonym", "kind_id", "reliability_id", "consent_publish"), (
        text("pseudonym", 300, ("Pseudonym", "الاسم المستعار"), (
            "The name the source goes by in the records; never the real name.",
            "الاسم الذي يُعرف به المصدر في السجلات؛ وليس الاسم الحقيقي أبداً."), required=True),
        vocab("kind", "source-kinds", ("Kind", "النوع"), (
            "What sort of source: a witness, a survivor, medical staff, the media…",
            "نوع المصدر: شاهد أو ناجٍ أو كادر طبي أو وسيلة إعلام…")),
        vocab("reliability", "reliability", ("Reliability", "الموثوقية"), (
            "How far the source's information has held up before.", "مدى صحة ما قدّمه المصدر من معلومات سابقاً.")),
        text("identity", None, ("Identity", "الهوية"), (
            "The real name and identifying details: sealed at rest, revealed only on an authorised, recorded request.",
            "الاسم الحقيقي وتفاصيل التعريف: مختومة عند التخزين، ولا تُكشف إلا بطلب مأذون ومسجَّل."),
            protected=True, entry=Entry.ADVANCED),
        text("contact", None, ("Contact", "وسيلة الاتصال"), (
            "How to reach the source: sealed like the identity.", "كيفية الوصول إلى المصدر: مختومة كالهوية."),
            protected=True, entry=Entry.ADVANCED),
        record("person", "person", ("Person record", "سجل الشخص"), (
            "The source's own person record, when the source is also a victim or witness in the records.",
            "سجل الشخص الخاص بالمصدر، إن كان المصدر ضحية أو شاهداً في السجلات أيضاً."), entry=Entry.ADVANCED),
        field("consent_use", Type.BOOLEAN, Widget.CHECKBOX, ("Consents to use", "يوافق على الاستخدام"), (
            "The source agrees that what it gave is used in the documentation.",
            "يوافق المصدر على استخدام ما قدّمه في التوثيق.")),
        field("consent_share", Type.BOOLEAN, Widget.CHECKBOX, ("Consents to sharing", "يوافق على المشاركة"), (
            "The source agrees that it is shared with partners (UN mechanisms, courts).",
            "يوافق المصدر على مشاركته مع الشركاء (آليات الأمم المتحدة، المحاكم).")),
        field("consent_publish", Type.BOOLEAN, Widget.CHECKBOX, ("Consents to publication", "يوافق على النشر"), (
            "The source agrees that it is published.", "يوافق المصدر على نشره.")),
        text("notes", None, ("Notes", "ملاحظات"), (
            "Notes on the source that need no protection.", "ملاحظات عن المصدر لا تحتاج إلى حماية.")),
    ), Confidentiality.RESTRICTED),
    Kind("evidence", "evidence", "original_name", ("sha256", "media_type", "size", "original_name"), (
        system("sha256", Type.TEXT, ("SHA-256", "بصمة SHA-256"), (
            "The hash of the file's bytes: its address in the store.", "بصمة محتوى الملف: عنوانه في المخزن."),
            max_length=64, required=True),
        system("size", Type.INTEGER, ("Size", "الحجم"), ("In bytes.", "بالبايت."), required=True, minimum=0),
        system("media_type", Type.TEXT, ("Media type", "نوع الوسائط"), (
            "Read from the content, not the file name.", "مقروء من المحتوى لا من اسم الملف."), max_length=120,
            required=True),
        system("original_name", Type.TEXT, ("Original file name", "اسم الملف الأصلي"), (
            "As uploaded or ingested.", "كما رُفع أو أُدخل."), max_length=1000, required=True),
        system("captured_at", Type.TEXT, ("Captured", "التُقط"), (
            "When the photo or recording was made, from its metadata.",
            "متى التُقطت الصورة أو التسجيل، من بياناته الوصفية."),
            max_length=40),
        system("captured_latitude", Type.DECIMAL, ("Latitude of capture", "خط عرض الالتقاط"), (
            "From the file's GPS metadata.", "من بيانات GPS في الملف.")),
        system("captured_longitude", Type.DECIMAL, ("Longitude of capture", "خط طول الالتقاط"), (
            "From the file's GPS metadata.", "من بيانات GPS في الملف.")),
        system("duration_seconds", Type.DECIMAL, ("Duration (seconds)", "المدة (بالثواني)"), (
            "Of audio and video.", "للصوت والفيديو.")),
        system("extracted", Type.MAPPING, ("Extracted metadata", "البيانات الوصفية المستخرجة"), (
            "EXIF and other metadata read from the file.", "بيانات EXIF وغيرها مما قُرئ من الملف.")),
        record("parent", "evidence", ("Derived from", "مشتق من"), (
            "The original this working copy was made from; the original never changes.",
            "الأصل الذي صُنعت منه هذه النسخة؛ ولا يتغير الأصل أبداً."), entry=Entry.SYSTEM),
        system("derivation", Type.TEXT, ("Derivation", "طريقة الاشتقاق"), (
            "How the copy was made (metadata stripped…).",
            "كيف صُنعت النسخة (بإزالة البيانات الوصفية…)."), max_length=200),
        text("description", None, ("Description", "الوصف"), ("What the file shows.", "ما يُظهره الملف."),
              entry=Entry.ADVANCED),
    )),
    Kind("report", "reports", "title", ("title", "language", "published_on", "source_id"), (
        text("title", 500, ("Title", "العنوان"), (
            "A short title, in the language of the report.", "عنوان قصير بلغة التقرير."), required=True),
        text("text", None, ("Text", "النص"), ("The text as received.", "النص كما ورد.")),
        choice("language", tuple(x.value for x in Language), 8, ("Language", "اللغة"), (
            "The language of the text.", "لغة النص.")),
        field("received_on", Type.DATE, Widget.DATE, ("Received on", "تاريخ الاستلام"), (
            "When it reached the team.", "متى وصل إلى الفريق.")),
        field("published_on", Type.DATE, Widget.DATE, ("Published on", "تاريخ النشر"), (
            "When its author published it, if it was published.", "متى نشره كاتبه، إن نُشر.")),
        record("source", "source", ("Source", "المصدر"), ("The source it came from.", "المصدر الذي جاء منه.")),
        text("url", 2000, ("Address (URL)", "العنوان (URL)"), (
            "Where it was published online.", "أين نُشر على الإنترنت.")),
        record("evidence", "evidence", ("Document file", "ملف الوثيقة"), (
            "The stored document it was read from (set by ingest).",
            "الوثيقة المخزنة التي قُرئ منها (يضبطها الإدخال)."),
            entry=Entry.ADVANCED),
        system("suggestions", Type.MAPPING, ("Suggestions", "الاقتراحات"), (
            "What extraction found in the text, with the review's decisions.",
            "ما استخرجه التحليل من النص، مع قرارات المراجعة.")),
    )),
    Kind("event", "events", "title", ("title", "when", "place_text", "status"), (
        text("title", 500, ("Title", "العنوان"), (
            "A short title, in the language of the record.", "عنوان قصير بلغة السجل."), required=True),
        text("description", None, ("Description", "الوصف"), (
            "What happened, as established so far.", "ما حدث، كما ثبت حتى الآن.")),
        START, END, DATE_PRECISION,
        record("place", "place", ("Place", "المكان"), (
            "The gazetteer place where it happened.", "مكان وقوعه في المعجم الجغرافي."), entry=Entry.ADVANCED),
        text("place_text", 500, ("Place (as reported)", "المكان (كما ورد)"), (
            "The place as the source words it; kept when a gazetteer place is linked too.",
            "المكان بعبارة المصدر؛ ويبقى محفوظاً حتى مع ربط مكان من المعجم الجغرافي.")),
        choice("geo_precision", tuple(g.value for g in GeoPrecision), 8, ("Location precision", "دقة الموقع"), (
            "How exactly the location is known.", "مدى دقة معرفة الموقع."), entry=Entry.ADVANCED),
        replace(LATITUDE, entry=Entry.ADVANCED), replace(LONGITUDE, entry=Entry.ADVANCED),
        choice("status", tuple(s.value for s in VerificationStatus), 14, ("Status", "الحالة"), (
            "How far the event is verified.", "مدى التحقق من الحدث.")),
    )),
    Kind("event_link", "event_links", "relation_id", ("from_event_id", "relation_id", "to_event_id"), (
        record("from_event", "event", ("From event", "من الحدث"), (
            "The event the relation starts from.", "الحدث الذي تبدأ منه العلاقة."), required=True),
        record("to_event", "event", ("To event", "إلى الحدث"), (
            "The event it leads to; not the same one.", "الحدث الذي تنتهي إليه؛ وليس الحدث نفسه."), required=True),
        vocab("relation", "event-relations", ("Relation", "العلاقة"), (
            "How the two are related: part of, caused, follows…", "كيف يرتبط الحدثان: جزء من، تسبب في، تلاه…"),
            required=True),
        NOTE,
    )),
    Kind("act", "acts", "type_id", ("event_id", "type_id", "method_id", "when", "killed", "injured", "detained",
                                    "displaced"), (
        record("event", "event", ("Event", "الحدث"), ("The event it is part of.", "الحدث الذي هو جزء منه."),
                required=True),
        vocab("type", "violation-types", ("Violation type", "نوع الانتهاك"), (
            "The violation committed.", "الانتهاك المرتكب."), required=True),
        vocab("method", "methods", ("Method", "الأسلوب"), (
            "How it was carried out: shelling, an airstrike, a raid…", "كيف نُفّذ: قصف مدفعي، غارة جوية، مداهمة…")),
        text("description", None, ("Description", "الوصف"), (
            "What was done, and to whom, as established.", "ما الذي فُعل وبمن، كما ثبت.")),
        START, END, DATE_PRECISION,
        text("victim_description", None, ("Victims as described", "الضحايا كما وُصفوا"), (
            "The victims as the sources describe them when they are not named (a family of five).",
            "الضحايا كما تصفهم المصادر حين لا تُذكر أسماؤهم (عائلة من خمسة أفراد).")),
        _count("killed", ("Killed", "القتلى")), _count("injured", ("Injured", "الجرحى")),
        _count("detained", ("Detained", "المعتقلون")), _count("displaced", ("Displaced", "النازحون")),
    )),
    Kind("victim", "victims", "person_id", ("act_id", "person_id", "harm_id"), (
        record("act", "act", ("Act", "الفعل"), ("The act that harmed the person.", "الفعل الذي أضرّ بالشخص."),
                required=True),
        record("person", "person", ("Person", "الشخص"), ("The person harmed.", "الشخص المتضرر."), required=True),
        vocab("harm", "victim-groups", ("Group or harm", "الفئة أو الضرر"), (
            "The group the victim belongs to, or the harm suffered.",
            "الفئة التي تنتمي إليها الضحية، أو الضرر الواقع.")),
        NOTE,
    )),
    Kind("involvement", "involvements", "degree_id", ("act_id", "actor_id", "person_id", "degree_id"), (
        record("act", "act", ("Act", "الفعل"), ("The act the actor or person took part in.",
                                                 "الفعل الذي شاركت فيه الجهة أو الشخص."), required=True),
        record("actor", "actor", ("Actor", "الجهة"), (
            "The actor involved: give an actor or a person, not both.",
            "الجهة المتورطة: حدّد جهة أو شخصاً، لا كليهما.")),
        record("person", "person", ("Person", "الشخص"), (
            "The person involved: give a person or an actor, not both.",
            "الشخص المتورط: حدّد شخصاً أو جهة، لا كليهما.")),
        vocab("degree", "involvement-degrees", ("Degree of involvement", "درجة التورط"), (
            "How sure and how direct the part is: carried out, ordered, suspected…",
            "مدى اليقين والمباشرة في المشاركة: نفّذ، أمر، مشتبه به…"), required=True),
        NOTE,
    )),
    Kind("information", "information", "relation", ("report_id", "source_id", "event_id", "act_id", "relation",
                                                   "connection_id"), (
        record("report", "report", ("Report", "التقرير"), (
            "The report it comes from: give a report, a source or both.",
            "التقرير الذي جاءت منه: حدّد تقريراً أو مصدراً أو كليهما.")),
        record("source", "source", ("Source", "المصدر"), (
            "The source it comes from: give a source, a report or both.",
            "المصدر الذي جاءت منه: حدّد مصدراً أو تقريراً أو كليهما.")),
        record("event", "event", ("Event", "الحدث"), (
            "The event it speaks of: give an event, an act or both.",
            "الحدث الذي تتحدث عنه: حدّد حدثاً أو فعلاً أو كليهما.")),
        record("act", "act", ("Act", "الفعل"), (
            "The act it speaks of: give an act, an event or both.",
            "الفعل الذي تتحدث عنه: حدّد فعلاً أو حدثاً أو كليهما.")),
        choice("relation", tuple(r.value for r in InformationRelation), 12, ("Relation", "العلاقة"), (
            "Whether it supports or contradicts what is recorded.", "هل تدعم ما هو مسجل أم تناقضه.")),
        vocab("connection", "source-connections", ("Connection to the event", "الصلة بالحدث"), (
            "How the source knows: saw it, heard of it, was harmed…", "كيف عرف المصدر: رأى، سمع، تضرر…")),
        NOTE,
    )),
    Kind("evidence_link", "evidence_links", "evidence_id", ("evidence_id", "event_id", "act_id", "report_id"), (
        record("evidence", "evidence", ("Evidence item", "عنصر الدليل"), (
            "The stored file attached.", "الملف المخزن المرفق."), required=True, entry=Entry.SYSTEM),
        record("event", "event", ("Event", "الحدث"), (
            "The event it is attached to: one of event, act or report.",
            "الحدث المرفق به: واحد من حدث أو فعل أو تقرير."),
            entry=Entry.SYSTEM),
        record("act", "act", ("Act", "الفعل"), (
            "The act it is attached to: one of event, act or report.", "الفعل المرفق به: واحد من حدث أو فعل أو تقرير."),
            entry=Entry.SYSTEM),
        record("report", "report", ("Report", "التقرير"), (
            "The report it is attached to: one of event, act or report.",
            "التقرير المرفق به: واحد من حدث أو فعل أو تقرير."), entry=Entry.SYSTEM),
        NOTE,
    )),
)
KINDS: dict[str, Kind] = {k.name: k for k in _KIND_LIST}


def describe(kind: str) -> Kind:
    """The description of ``kind`` (``event``, ``act``…), accepting the plural and dashes too. Raises KeyError."""
    key = kind.replace("-", "_")
    for described in KINDS.values():
        if key in (described.name, described.plural):
            return described
    raise KeyError(kind)
