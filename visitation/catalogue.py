"""The municipality's catalogue of services (indsatskatalog): model defaults, editable in the admin
afterwards. This only adds what is missing, so an administrator's edits stay."""

from carecore.reference import add_missing_rows

SERVICE_FIELDS = (
    "code name service_type basis_pension_age basis_younger standard_minutes quality_standard".split()
)
SERVICES = [
    (
        "personlig-pleje",
        "Personlig pleje",
        "personal_care",
        "Ældreloven, helhedspleje",
        "Serviceloven § 83, stk. 1, nr. 1",
        30,
        "Hjælp til personlig hygiejne, bad, af- og påklædning, toiletbesøg og måltider ud fra dine egne "
        "ressourcer. Hjælpen gives på de aftalte tidspunkter inden for et tidsrum på en time, og du "
        "deltager selv i det, du kan.",
    ),
    (
        "praktisk-rengoering",
        "Praktisk hjælp: rengøring",
        "practical_help",
        "Ældreloven, helhedspleje",
        "Serviceloven § 83, stk. 1, nr. 2",
        60,
        "Rengøring af de rum, du daglig bruger: støvsugning, gulvvask og badeværelse hver anden uge. "
        "Du deltager selv i det, du kan, og hjælpen kan erstattes af hjælpemidler som robotstøvsuger.",
    ),
    (
        "praktisk-toejvask",
        "Praktisk hjælp: tøjvask",
        "practical_help",
        "Ældreloven, helhedspleje",
        "Serviceloven § 83, stk. 1, nr. 2",
        30,
        "Vask, tørring og sammenlægning af dit tøj og sengetøj i egen eller fælles vaskemaskine, en gang "
        "om ugen.",
    ),
    (
        "praktisk-indkoeb",
        "Praktisk hjælp: indkøb",
        "practical_help",
        "Ældreloven, helhedspleje",
        "Serviceloven § 83, stk. 1, nr. 2",
        20,
        "Bestilling af dagligvarer via indkøbsordning en gang om ugen og hjælp til at sætte varerne på plads.",
    ),
    (
        "madservice",
        "Madservice",
        "",
        "Ældreloven, madudbringning",
        "Serviceloven § 83, stk. 1, nr. 3",
        0,
        "Levering af hovedretter med biretter, kølet, en til to gange om ugen. Du betaler selv for maden "
        "efter kommunens takst.",
    ),
    (
        "sygepleje",
        "Sygepleje (§ 138)",
        "nursing",
        "Sundhedsloven § 138",
        "Sundhedsloven § 138",
        15,
        "Sygepleje efter lægelig ordination i eget hjem, fx medicindispensering, sårpleje og "
        "støttestrømper. Opgaven kan uddelegeres til social- og sundhedspersonale med den rette kompetence.",
    ),
    (
        "genoptraening-86",
        "Genoptræning og vedligeholdelsestræning (§ 86)",
        "",
        "Serviceloven § 86",
        "Serviceloven § 86",
        45,
        "Træning af fysisk funktionsevne, der er nedsat uden sammenhæng med en sygehusindlæggelse, på "
        "hold eller individuelt i op til 12 uger.",
    ),
    (
        "rehabilitering-83a",
        "Rehabiliteringsforløb",
        "",
        "Ældreloven, rehabiliteringsforløb",
        "Serviceloven § 83 a",
        45,
        "Et korterevarende og tidsafgrænset forløb med dine egne mål, hvor du træner at klare hverdagen "
        "selv. Forløbet følges op efter 1 og 3 måneder.",
    ),
    (
        "noedkald",
        "Nødkald",
        "",
        "Ældreloven, helhedspleje",
        "Serviceloven § 112",
        0,
        "Et personligt nødkald, der døgnet rundt forbinder dig med hjemmeplejen, hvis du falder eller "
        "bliver akut syg og ikke selv kan tilkalde hjælp.",
    ),
]


def ensure_catalogue(**kwargs):
    from .models import Service

    add_missing_rows(Service, SERVICE_FIELDS, SERVICES)
