"""Name pools for the victim-list generator: a few hundred given names per sex, about two thousand
family names, with a long-tailed (Zipf–Mandelbrot) frequency.

Real Syrian casualty lists have hundreds of given names and thousands of family names, a few very
common (Mohammad alone is about one man in ten) and a long tail. The pools are built from real roots
and the patterns Syrian names follow, each name in Arabic script and a common Latin transliteration:

* given names: plain names (most common first), "Abd al-X" from the 99 names of God, "X al-Din";
* family names: al- + a given name (al-Ahmad), Abu + a given name (Abu Zeid), a given name alone
  (Younes), a nisba of a given name (al-Omari), of a place (al-Homsi, Homsi), of a tribe (al-Zoubi)
  and of a trade (al-Najjar, Qahwaji).

Frequencies follow p(rank) ∝ 1 / (rank + q)^s (:data:`ZIPF`): the list's order is the rank for given
names; family names are ranked in a fixed shuffled order (a nisba is not rarer than an "al-" name).
Pure data and functions; deterministic.
"""

from __future__ import annotations

import random
from bisect import bisect
from functools import lru_cache
from itertools import accumulate

__all__ = ["NamePool", "ZIPF", "real_pool"]

_MALE = (
    "محمد Mohammad|أحمد Ahmad|محمود Mahmoud|خالد Khaled|علي Ali|حسين Hussein|حسن Hasan|عمر Omar|"
    "عبدالله Abdullah|عبدالرحمن Abdulrahman|إبراهيم Ibrahim|يوسف Yousef|مصطفى Mustafa|مصطفى Mustafa|"
    "سامر Samer|وليد Walid|فراس Firas|ماهر Maher|جمال Jamal|كمال Kamal|رامي Rami|باسل Basel|طارق Tareq|"
    "زياد Ziad|عماد Imad|نبيل Nabil|فادي Fadi|حمزة Hamza|أنس Anas|بلال Bilal|صالح Saleh|سليمان Suleiman|"
    "غسان Ghassan|منذر Mundhir|ياسر Yasser|نزار Nizar|رياض Riyad|جهاد Jihad|معاذ Muadh|قاسم Qasem|"
    "إسماعيل Ismail|عدنان Adnan|شادي Shadi|هيثم Haitham|مازن Mazen|ضياء Diaa|أيمن Ayman|صبحي Subhi|"
    "نادر Nader|عثمان Othman|أسامة Osama|سعيد Saeed|سعد Saad|فيصل Faisal|منير Munir|بشير Bashir|نذير Nadhir|"
    "هشام Hisham|وائل Wael|عامر Amer|عمار Ammar|ياسين Yassin|موسى Mousa|عيسى Issa|داود Dawoud|يحيى Yahya|"
    "زكريا Zakariya|إدريس Idris|يونس Younes|هارون Haroun|سلمان Salman|زيد Zaid|عبيدة Obaida|حذيفة Hudhaifa|"
    "مهند Muhannad|معتز Moutaz|مؤيد Muayyad|مالك Malek|مراد Murad|منصور Mansour|ناصر Nasser|نصر Nasr|"
    "فايز Fayez|فواز Fawwaz|فرحان Farhan|فؤاد Fouad|رضوان Radwan|رائد Raed|راتب Rateb|رشيد Rashid|"
    "ربيع Rabie|رفعت Rifaat|رمضان Ramadan|سامي Sami|سمير Samir|سهيل Suhail|شريف Sharif|شاكر Shaker|"
    "صلاح Salah|صفوان Safwan|صقر Saqr|طلال Talal|طه Taha|عادل Adel|عارف Aref|عاصم Asem|عبدو Abdo|"
    "عزام Azzam|عصام Issam|عقبة Uqba|علاء Alaa|عوض Awad|غازي Ghazi|غيث Ghaith|فاروق Farouk|فتحي Fathi|"
    "فهد Fahd|قصي Qusai|كريم Karim|لؤي Louay|ماجد Majed|مأمون Mamoun|محسن Mohsen|مخلص Mukhles|مروان Marwan|"
    "مصعب Musab|معن Maan|مهدي Mahdi|ميسر Muyassar|نايف Nayef|نبهان Nabhan|نجيب Najib|نعيم Naim|"
    "نواف Nawwaf|هاني Hani|هلال Hilal|همام Hammam|وسيم Wassim|وحيد Wahid|ياسر Yasir|يزن Yazan|"
    "أسعد Asaad|أكرم Akram|أمجد Amjad|أنور Anwar|أيهم Ayham|إياد Iyad|بدر Badr|بكر Bakr|بسام Bassam|"
    "توفيق Tawfiq|ثائر Thaer|جابر Jaber|جاسم Jasem|جعفر Jaafar|جميل Jamil|حاتم Hatem|حازم Hazem|حامد Hamed|"
    "حسام Hussam|حكمت Hikmat|حمدي Hamdi|حمود Hammoud|خليل Khalil|خضر Khodr|درويش Darwish|ذياب Dhiab|"
    "راشد Rashed|رافع Rafea|رزق Rizq|زهير Zuhair|سالم Salem|سلطان Sultan|سليم Salim|شعبان Shaaban|"
    "شفيق Shafiq|صادق Sadeq|صبري Sabri|ضرار Dirar|طالب Taleb|عاطف Atef|عبود Abboud|عزت Izzat|عطا Atta|"
    "عمران Imran|عواد Awwad|فارس Fares|فرج Faraj|فريد Farid|فضل Fadl|قحطان Qahtan|كنان Kinan|لطفي Lutfi|"
    "مجد Majd|محي Muhi|مدحت Midhat|مرعي Marei|مسلم Muslim|مطيع Mutie|معروف Maarouf|مفيد Mufid|ممدوح Mamdouh|"
    "مهدي Mahdi|موفق Muwaffaq|نبيه Nabih|نجم Najm|نزيه Nazih|نضال Nidal|هادي Hadi|هاشم Hashem|وجيه Wajih|"
    "وديع Wadie|وسام Wisam|يامن Yamen|يعقوب Yaqoub|يمان Yaman"
)
#: Roots of the 99 names for "Abd al-X" (Arabic without the article, Latin).
_ABD = (
    "رحمن rahman|رحيم rahim|كريم karim|قادر qader|رزاق razzaq|حميد hamid|مجيد majid|لطيف latif|حليم halim|"
    "عزيز aziz|غني ghani|هادي hadi|ناصر nasser|سلام salam|باسط baset|فتاح fattah|وهاب wahhab|جبار jabbar|"
    "غفور ghafour|ستار sattar|حكيم hakim|رؤوف raouf|صمد samad|باقي baqi|منعم monem|جليل jalil|حفيظ hafiz|"
    "إله ilah|معين moein|سميع samie|عليم alim|خالق khaleq|مالك malek|رشيد rashid|واحد wahed|قهار qahhar|"
    "مؤمن moumen|مهيمن muhaimen|بصير basir|شكور shakour|عظيم azim|ودود wadoud|رافع rafea|حق haq|نور nour|"
    "معطي moeti|صبور sabour|قدوس qaddous|بديع badie|حي hai"
)
_DIN = ("نور nour|صلاح salah|عز izz|علاء alaa|شمس shams|بدر badr|خير khair|سيف saif|تاج taj|زين zain|"
        "محي muhi|نصر nasr|جمال jamal|كمال kamal|فخر fakhr|شرف sharaf|بهاء bahaa|ضياء diaa|حسام hussam|نجم najm")
_FEMALE = (
    "فاطمة Fatima|مريم Maryam|عائشة Aisha|زينب Zainab|خديجة Khadija|آمنة Amina|نور Nour|سارة Sara|هدى Huda|"
    "رنا Rana|لينا Lina|ريم Reem|هبة Hiba|رغد Raghad|بشرى Bushra|سلمى Salma|وفاء Wafaa|منى Mona|ليلى Layla|"
    "جميلة Jamila|نجلاء Najlaa|دعاء Duaa|إيمان Iman|رقية Ruqayya|سعاد Suad|حليمة Halima|خلود Kholoud|"
    "سمر Samar|سهام Siham|سوسن Sawsan|صفاء Safaa|عبير Abeer|عفاف Afaf|علا Ola|غادة Ghada|فرح Farah|"
    "لمى Lama|ماجدة Majida|مها Maha|ميساء Maysaa|نادية Nadia|نسرين Nisreen|نهى Noha|هالة Hala|هند Hind|"
    "وداد Widad|ياسمين Yasmin|أسماء Asmaa|آلاء Alaa|أمل Amal|إسراء Israa|بتول Batoul|تسنيم Tasnim|"
    "جنى Jana|حنان Hanan|حياة Hayat|دلال Dalal|رانيا Rania|رهف Rahaf|روان Rawan|زهرة Zahra|سماح Samah|"
    "شهد Shahd|صباح Sabah|ضحى Duha|عبلة Abla|عزة Azza|غدير Ghadir|فدوى Fadwa|كوثر Kawthar|لبنى Lubna|"
    "مروة Marwa|ملك Malak|ميس Mais|نجاح Najah|نوال Nawal|هيفاء Haifaa|وعد Waad|يسرى Yusra|أروى Arwa|"
    "إلهام Ilham|انتصار Intisar|بسمة Basma|بيان Bayan|تغريد Taghrid|ثناء Thanaa|جود Joud|حلا Hala|"
    "خولة Khawla|دانا Dana|ربا Ruba|رزان Razan|رشا Rasha|رحاب Rehab|سجى Saja|سناء Sanaa|سوزان Suzan|"
    "شيماء Shaimaa|صبا Saba|عائدة Aida|عليا Alia|غالية Ghalia|فاتن Faten|فايزة Fayza|قمر Qamar|لانا Lana|"
    "ليال Layal|مرام Maram|منال Manal|ميادة Mayada|نسيبة Nusaiba|نعمة Nima|هناء Hanaa|وئام Weam|يمنى Yumna|"
    "أميرة Amira|بشائر Bashaer|تهاني Tahani|حسناء Hasnaa|خيرية Khairiya|رجاء Rajaa|رحمة Rahma|زكية Zakia|"
    "سكينة Sakina|سميرة Samira|شذى Shadha|صفية Safiya|عفراء Afraa|فريال Faryal|كفاح Kifah|لطيفة Latifa|"
    "مديحة Madiha|نبيلة Nabila|نجوى Najwa|هيام Hiyam|وصال Wisal|يارا Yara|آية Aya|جمانة Jumana|سلوى Salwa"
)
#: Places and their nisba (al-Homsi from Homs): Syrian cities, towns and regions.
_PLACE_NISBA = (
    "حمصي Homsi|حلبي Halabi|شامي Shami|إدلبي Idlibi|ديري Deiri|حموي Hamwi|درعاوي Daraawi|رقاوي Raqqawi|"
    "حوراني Hourani|جولاني Joulani|قلموني Qalamouni|دوماني Doumani|داراني Darani|زملكاني Zamalkani|"
    "حرستاني Harastani|عربيني Arbini|سقباوي Saqbawi|كفربطناوي Kafrbatnawi|معضماني Moadamani|"
    "زبداني Zabadani|مضاياني Madayani|يبرودي Yabroudi|نبكي Nabki|قطيفي Qutaifi|رستناوي Rastnawi|"
    "تلبيساوي Talbisawi|حولاني Houlani|قصيراوي Qusayrawi|سراقبي Saraqbi|بنشي Binnishi|سرميني Sarmini|"
    "معراوي Maarawi|كفرنبلي Kafranbali|أريحاوي Arihawi|جسراوي Jisrawi|أتاربي Atarbi|عنداني Andani|"
    "منبجي Manbiji|باباوي Babawi|بوكمالي Boukamali|ميادني Mayadini|عشاري Ashari|تدمري Tadmuri|"
    "سلمياني Salamiani|مصياتي Masyati|طرطوسي Tartousi|لاذقاني Ladhqani|بانياسي Baniasi|جبلاوي Jablawi|"
    "نواوي Nawawi|طفساوي Tafsawi|انخلاوي Inkhlawi|صنمي Sanami|بصراوي Busrawi|شهباوي Shahbawi|"
    "قنيطري Qunaitri|صافيتاوي Safitawi|حسكاوي Hasakawi|قامشلاوي Qamishlawi|عفريني Afrini|"
    "كردي Kurdi|تركماني Turkmani|مصري Masri|بغدادي Baghdadi|موصلي Mousili|لبناني Lubnani|مغربي Maghribi|"
    "حجازي Hijazi|يمني Yamani|نابلسي Nabulsi|قدسي Qudsi|بيروتي Beiruti|طرابلسي Trabulsi|عراقي Iraqi"
)
_TRIBE = (
    "زعبي Zoubi|حريري Hariri|مقداد Miqdad|مسالمة Masalmeh|أبازيد Abazeid|رفاعي Rifai|شمري Shammari|"
    "عنزي Anazi|جبوري Jabouri|عقيدي Akidi|بكاري Bakkari|نعيمي Naimi|طائي Tai|حديدي Hadidi|موالي Mawali|"
    "بوشعبان Boushaaban|شعيطي Shaitat|بقاري Baqqari|عكيدي Akidi|جميلي Jumaili|دليمي Dulaimi|عبيدي Obaidi|"
    "خالدي Khalidi|هاشمي Hashemi|حسيني Husseini|قرشي Qurashi|سادات Sadat|تميمي Tamimi|عجيلي Ajili|"
    "ولدة Wulda|فواعرة Fawaira|حديديين Hadidiyin|سبعاوي Sabawi|بوبنا Bubanna|كلاعي Kalai|سلامات Salamat|"
    "محاميد Mahamid|غزاوي Ghazawi|عيساوي Eisawi|حمادي Hamadi"
)
_TRADE = (
    "نجار Najjar|حداد Haddad|خطيب Khatib|عطار Attar|بيطار Bitar|خياط Khayyat|دباغ Dabbagh|حلاق Hallaq|"
    "صباغ Sabbagh|لحام Lahham|طحان Tahhan|خباز Khabbaz|فحام Fahham|نحاس Nahhas|زيات Zayyat|جزار Jazzar|"
    "سمان Samman|حلواني Halwani|قصاب Qassab|صائغ Sayegh|كحال Kahhal|جمال Jammal|بناء Banna|دهان Dahhan|"
    "شيخ Sheikh|قاضي Qadi|إمام Imam|مفتي Mufti|حكيم Hakim|طبيب Tabib|معلم Moallem|كاتب Kateb|"
    "صيرفي Sairafi|جوهري Jawhari|سراج Sarraj|حمال Hammal|نقاش Naqqash|فران Farran|بقال Baqqal|عجان Ajjan"
)
#: Trades with the Turkish -ji ending, written without the article (Qahwaji, Sabunji).
_TRADE_JI = (
    "قهوجي Qahwaji|صابونجي Sabounji|تتنجي Tutunji|دبسجي Dibsji|كبابجي Kababji|بوظجي Bouzji|خانجي Khanji|"
    "طرابيشي Tarabishi|قباني Qabbani|سكاف Sakkaf|كيالي Kayyali|شربتجي Sharbatji|طباخ Tabbakh|جباوي Jabbawi|"
    "حمامي Hammami|مكتبي Maktabi|سلوم Salloum|شحادة Shehadeh|حمادة Hamada|قدور Qaddour|بركات Barakat|"
    "سويد Sweid|غزال Ghazal|زيدان Zaidan|عكاش Akkash|فياض Fayyad|دعبول Daaboul|جبارة Jabbara|شلهوب Shalhoub"
)

#: Nicknames that became family names: "al-X" and "Abu X" (al-Aswad, Abu Shaar, Abu Rish).
_NICKNAME = (
    "أسود Aswad|أبيض Abyad|أحمر Ahmar|أشقر Ashqar|طويل Tawil|قصير Qasir|أعور Awar|أطرش Atrash|أخرس Akhras|"
    "أصفر Asfar|أسمر Asmar|شعر Shaar|ريش Rish|ذهب Dhahab|زيد Zeid|عساف Assaf|حمرا Hamra|شنب Shanab|"
    "دقن Daqn|خشبة Khashaba|نمر Nimr|ديب Dib|صقر Saqr|عيون Ayoun|راس Ras|عجاج Ajjaj|طبل Tabl|شام Sham|"
    "رز Ruz|زهرة Zahra|حجر Hajar|جبل Jabal|بحر Bahr|سيف Saif|درع Dirr|خيط Khait|عرب Arab|حوا Hawa|"
    "لبن Laban|سمرة Samra|كرم Karam|تين Tin|زيتون Zaitoun|نحل Nahl|هلال Hilal|قمر Qamar|نجم Najm|حلاوة Halawa"
)
#: (s, q) of p(rank) ∝ 1 / (rank + q)^s per pool. Given names: Mohammad about 10 % of men.
ZIPF = {"male": (1.0, 1.0), "female": (1.0, 2.0), "family": (1.0, 15.0)}


def _pairs(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in text.split("|"):
        arabic, latin = item.rsplit(" ", 1) if " " in item.strip() else (item, item)
        pair = (arabic.strip(), latin.strip())
        if pair not in out:
            out.append(pair)
    return out


def _article(arabic: str, latin: str) -> tuple[str, str]:
    return "ال" + arabic, "Al-" + latin


def _nisba(arabic: str, latin: str) -> tuple[str, str] | None:
    # al-Omari from Omar; names ending in a vowel letter make no plain nisba.
    if arabic[-1] in "اىةيوء" or latin[-1] in "aeiouy":
        return None
    return "ال" + arabic + "ي", "Al-" + latin + "i"


class NamePool:
    """Names of one kind (Arabic, Latin pairs) and their cumulative Zipf–Mandelbrot weights."""

    def __init__(self, names: list[tuple[str, str]], s: float, q: float) -> None:
        self.names = names
        self.cumulative = list(accumulate(1.0 / (rank + q) ** s for rank in range(1, len(names) + 1)))

    def draw(self, rng: random.Random) -> tuple[str, str]:
        index = bisect(self.cumulative, rng.random() * self.cumulative[-1])
        return self.names[min(index, len(self.names) - 1)]

    def share(self, top: int) -> float:
        """The share of draws that fall on the ``top`` most common names."""
        return float(self.cumulative[min(top, len(self.names)) - 1] / self.cumulative[-1])


@lru_cache(maxsize=1)
def real_pool() -> dict[str, NamePool]:
    """The realistic pools: ``male``, ``female`` and ``family``."""
    plain = _pairs(_MALE)
    abd = [("عبد" + "ال" + a, "Abdul " + la.capitalize()) for a, la in _pairs(_ABD)]
    din = [(a + " الدين", la.capitalize() + " al-Din") for a, la in _pairs(_DIN)]
    # Plain names lead; the compounds interleave in the tail (Abdullah and Abdulrahman are in the head).
    male = plain[:40] + [n for trio in zip(abd, plain[40:], din + [("", "")] * len(abd), strict=False)
                         for n in trio if n[0]]
    male += [n for n in plain[40 + len(abd):] if n not in male]
    male = list(dict.fromkeys(male))
    female = _pairs(_FEMALE)
    family: list[tuple[str, str]] = []
    for arabic, latin in plain:
        family.append(_article(arabic, latin))
        family.append(("أبو " + arabic, "Abu " + latin))
        nisba = _nisba(arabic, latin)
        if nisba:
            family.append(nisba)
    family += [(a, la) for a, la in plain[60:]]  # a given name as a family name (Younes, Issa)
    for arabic, latin in _pairs(_PLACE_NISBA) + _pairs(_TRIBE) + _pairs(_TRADE):
        family.append(_article(arabic, latin))
        family.append((arabic, latin))
    family += _pairs(_TRADE_JI)
    for arabic, latin in _pairs(_NICKNAME):
        family += [_article(arabic, latin), ("أبو " + arabic, "Abu " + latin)]
    family += [_article(arabic, latin) for arabic, latin in abd + din]
    family = list(dict.fromkeys(family))
    random.Random(1).shuffle(family)
    return {"male": NamePool(male, *ZIPF["male"]), "female": NamePool(female, *ZIPF["female"]),
            "family": NamePool(family, *ZIPF["family"])}
