"""The consent texts, versioned, as data. A new version asks every candidate again.

To change a text: add a new version (never edit a published one), in every language. Grants keep
the version they were given on; only grants on the current version count (visibility.py).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import ConsentScope, ConsentText

# (scope, version, language) -> (title, body)
TEXTS: dict[tuple[ConsentScope, int, str], tuple[str, str]] = {
    (ConsentScope.PROFILE, 1, "nl"): (
        "Werkgevers mogen mijn profiel zien",
        "Ik geef toestemming dat gecontroleerde werkgevers in dit portaal mijn profiel zien: mijn voornaam en de "
        "eerste letter van mijn achternaam, mijn leeftijdsgroep, mijn talen, opleiding, werkervaring, wensen en "
        "wanneer ik kan werken. Werkgevers zien nooit mijn achternaam, adres, telefoonnummer, e-mailadres of de "
        "notities van mijn accountmanager. Ik kan deze toestemming altijd intrekken. Dan zien werkgevers mijn "
        "profiel meteen niet meer.",
    ),
    (ConsentScope.PROFILE, 1, "en"): (
        "Employers may see my profile",
        "I agree that verified employers in this portal see my profile: my given name and the first letter of my "
        "family name, my age group, my languages, education, work experience, wishes and when I can work. "
        "Employers never see my family name, address, phone number, e-mail address or my account manager's notes. "
        "I can withdraw this consent at any time. Employers then stop seeing my profile at once.",
    ),
    (ConsentScope.VIDEO, 1, "nl"): (
        "Werkgevers mogen mijn video zien",
        "Ik geef toestemming dat gecontroleerde werkgevers in dit portaal mijn video bekijken, nadat mijn "
        "accountmanager de video heeft goedgekeurd. De video wordt niet openbaar op internet gezet. Ik kan deze "
        "toestemming altijd intrekken. Dan kunnen werkgevers mijn video meteen niet meer zien.",
    ),
    (ConsentScope.VIDEO, 1, "en"): (
        "Employers may see my video",
        "I agree that verified employers in this portal watch my video after my account manager has approved it. "
        "The video is never published on the internet. I can withdraw this consent at any time. Employers then "
        "stop seeing my video at once.",
    ),
    # Version 2 (November 2026): the same promises in short sentences (plain Dutch, B1), and for the first
    # time in Arabic and Tigrinya. A new version asks every candidate again.
    (ConsentScope.PROFILE, 2, "nl"): (
        "Werkgevers mogen mijn profiel zien",
        "Ik geef toestemming. Gecontroleerde werkgevers in dit portaal mogen mijn profiel zien. Ze zien dan: mijn "
        "voornaam, de eerste letter van mijn achternaam, mijn leeftijdsgroep, mijn talen, mijn opleiding, mijn "
        "werkervaring, mijn wensen en wanneer ik kan werken. Werkgevers zien nooit mijn achternaam, adres, "
        "telefoonnummer of e-mailadres. Ze zien ook nooit de notities van mijn accountmanager. Ik kan deze "
        "toestemming altijd intrekken. Dan zien werkgevers mijn profiel meteen niet meer.",
    ),
    (ConsentScope.PROFILE, 2, "en"): (
        "Employers may see my profile",
        "I give consent. Verified employers in this portal may see my profile. They then see: my given name, the "
        "first letter of my family name, my age group, my languages, my education, my work experience, my wishes "
        "and when I can work. Employers never see my family name, address, phone number or e-mail address. They "
        "also never see the notes of my account manager. I can withdraw this consent at any time. Then employers "
        "stop seeing my profile at once.",
    ),
    (ConsentScope.PROFILE, 2, "ar"): (
        "يمكن لأصحاب العمل رؤية ملفي الشخصي",
        "أنا أوافق. يمكن لأصحاب العمل الذين تم التحقق منهم في هذه البوابة رؤية ملفي الشخصي. سيرون: اسمي الأول، "
        "والحرف الأول من اسم عائلتي، وفئتي العمرية، ولغاتي، وتعليمي، وخبرتي في العمل، ورغباتي، ومتى يمكنني "
        "العمل. لا يرى أصحاب العمل أبدًا اسم عائلتي أو عنواني أو رقم هاتفي أو بريدي الإلكتروني. ولا يرون أبدًا "
        "ملاحظات مدير حسابي. يمكنني سحب هذه الموافقة في أي وقت. عندها يتوقف أصحاب العمل فورًا عن رؤية ملفي "
        "الشخصي.",
    ),
    (ConsentScope.PROFILE, 2, "ti"): (
        "ኣሰርሕቲ ፕሮፋይለይ ክርእዩ ይኽእሉ",
        "ፍቓደይ እህብ። ኣብዚ ፖርታል ዝተረጋገጹ ኣሰርሕቲ ፕሮፋይለይ ክርእዩ ይኽእሉ። ዝርእይዎ፦ ቀዳማይ ስመይ፣ ቀዳመይቲ ፊደል "
        "ስም ስድራይ፣ ጉጅለ ዕድመይ፣ ቋንቋታተይ፣ ትምህርተይ፣ ተመክሮ ስራሐይ፣ ድሌታተይን መዓስ ክሰርሕ ከም ዝኽእልን። ኣሰርሕቲ "
        "ስም ስድራይ፣ ኣድራሻይ፣ ቁጽሪ ተሌፎነይ ወይ ኢመይለይ ፈጺሞም ኣይርእዩን። ናይ ኣካውንት ማናጀረይ መዘኻኸሪ እውን ፈጺሞም "
        "ኣይርእዩን። ነዚ ፍቓድ ኣብ ዝኾነ እዋን ክስሕቦ እኽእል እየ። ሽዑ ኣሰርሕቲ ፕሮፋይለይ ብቕጽበት ኣይርእዩን።",
    ),
    (ConsentScope.VIDEO, 2, "nl"): (
        "Werkgevers mogen mijn video zien",
        "Ik geef toestemming. Gecontroleerde werkgevers in dit portaal mogen mijn video bekijken. Dat kan pas als "
        "mijn accountmanager de video heeft goedgekeurd. De video komt nooit openbaar op internet. Ik kan deze "
        "toestemming altijd intrekken. Dan zien werkgevers mijn video meteen niet meer.",
    ),
    (ConsentScope.VIDEO, 2, "en"): (
        "Employers may see my video",
        "I give consent. Verified employers in this portal may watch my video. This is only possible after my "
        "account manager has approved the video. The video is never made public on the internet. I can withdraw "
        "this consent at any time. Then employers stop seeing my video at once.",
    ),
    (ConsentScope.VIDEO, 2, "ar"): (
        "يمكن لأصحاب العمل مشاهدة الفيديو الخاص بي",
        "أنا أوافق. يمكن لأصحاب العمل الذين تم التحقق منهم في هذه البوابة مشاهدة الفيديو الخاص بي. يحدث هذا فقط "
        "بعد أن يوافق مدير حسابي على الفيديو. لا يُنشر الفيديو أبدًا على الإنترنت للجميع. يمكنني سحب هذه "
        "الموافقة في أي وقت. عندها يتوقف أصحاب العمل فورًا عن مشاهدة الفيديو الخاص بي.",
    ),
    (ConsentScope.VIDEO, 2, "ti"): (
        "ኣሰርሕቲ ቪድዮይ ክርእዩ ይኽእሉ",
        "ፍቓደይ እህብ። ኣብዚ ፖርታል ዝተረጋገጹ ኣሰርሕቲ ቪድዮይ ክርእዩ ይኽእሉ። እዚ ዝኸውን ኣካውንት ማናጀረይ ነቲ ቪድዮ "
        "ምስ ኣጽደቖ ጥራይ እዩ። እቲ ቪድዮ ፈጺሙ ኣብ ኢንተርነት ንኹሉ ኣይዝርጋሕን። ነዚ ፍቓድ ኣብ ዝኾነ እዋን ክስሕቦ "
        "እኽእል እየ። ሽዑ ኣሰርሕቲ ቪድዮይ ብቕጽበት ኣይርእዩን።",
    ),
}

FALLBACK_LANGUAGE = "nl"


def current_version(scope: ConsentScope) -> int:
    return max(version for (s, version, _lang) in TEXTS if s == scope)


def text_for(scope: ConsentScope, language: str) -> tuple[int, str, str, str]:
    """(version, language, title, body) of the current text, in `language` when it exists."""
    version = current_version(scope)
    lang = language if (scope, version, language) in TEXTS else FALLBACK_LANGUAGE
    title, body = TEXTS[(scope, version, lang)]
    return version, lang, title, body


async def sync_texts(session: AsyncSession) -> None:
    """Store every text version in the database, so each grant points at the exact words shown."""
    existing = set((await session.execute(select(ConsentText.scope, ConsentText.version, ConsentText.language))).all())
    for (scope, version, language), (title, body) in TEXTS.items():
        if (scope, version, language) not in existing:
            session.add(ConsentText(scope=scope, version=version, language=language, title=title, body=body))
    await session.flush()
