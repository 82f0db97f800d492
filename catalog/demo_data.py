"""The demo catalog: real-world sections as a Romanian distributor lists them.

Linear masses of hot-rolled sections come from the EN 10365 / EN 10056-1 tables; everything else
is computed from dimensions and density (steel 7.85 kg/dm³, stainless 7.93/7.98, aluminium 2.70),
hollow sections with the EN 10219-2 corner radii. Prices are plausible RON per kg excluding VAT,
turned into the product's base unit. Rows use the `import_products` keys, so the seed and the
import share one code path.
"""

import hashlib
import math
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

STEEL, INOX_304, INOX_316, ALU = 7.85, 7.93, 7.98, 2.70

# (path, description, sort order, English name, English description)
CATEGORIES = [
    ("Profile laminate", "Profile laminate la cald pentru structuri metalice.", 10,
     "Structural sections", "Hot-rolled sections for steel structures."),
    ("Profile laminate > Profile IPE", "Grinzi I cu tălpi paralele, EN 10365.", 11,
     "IPE beams", "Parallel-flange I beams, EN 10365."),
    ("Profile laminate > Profile HEA", "Profile H ușoare cu tălpi late, EN 10365.", 12,
     "HEA beams", "Light wide-flange H beams, EN 10365."),
    ("Profile laminate > Profile HEB", "Profile H cu tălpi late, EN 10365.", 13,
     "HEB beams", "Wide-flange H beams, EN 10365."),
    ("Profile laminate > Profile UNP", "Profile U cu tălpi înclinate, DIN 1026-1.", 14,
     "UNP channels", "Taper-flange U channels, DIN 1026-1."),
    ("Profile laminate > Corniere", "Corniere egale și neegale, EN 10056-1.", 15,
     "Angles", "Equal and unequal angles, EN 10056-1."),
    ("Țevi", "Țevi sudate pentru construcții, EN 10219.", 20,
     "Tubes", "Welded structural hollow sections, EN 10219."),
    ("Țevi > Țevi rectangulare", "Țevi rectangulare formate la rece.", 21,
     "Rectangular tubes", "Cold-formed rectangular hollow sections."),
    ("Țevi > Țevi pătrate", "Țevi pătrate formate la rece.", 22,
     "Square tubes", "Cold-formed square hollow sections."),
    ("Țevi > Țevi rotunde", "Țevi rotunde sudate.", 23,
     "Round tubes", "Welded circular hollow sections."),
    ("Table", "Table negre și zincate, la format.", 30,
     "Sheets", "Black and galvanized sheets, cut to format."),
    ("Table > Table negre", "Tablă laminată la cald și la rece.", 31,
     "Black sheets", "Hot-rolled and cold-rolled sheet."),
    ("Table > Table zincate", "Tablă zincată la cald DX51D Z275, EN 10346.", 32,
     "Galvanized sheets", "Hot-dip galvanized sheet DX51D Z275, EN 10346."),
    ("Bare și platbandă", "Bare laminate pline și platbandă.", 40,
     "Bars and flat bars", "Solid hot-rolled bars and flat bars."),
    ("Bare și platbandă > Oțel rotund", "Bare rotunde laminate la cald, EN 10060.", 41,
     "Round bars", "Hot-rolled round bars, EN 10060."),
    ("Bare și platbandă > Oțel pătrat", "Bare pătrate laminate la cald, EN 10059.", 42,
     "Square bars", "Hot-rolled square bars, EN 10059."),
    ("Bare și platbandă > Platbandă", "Oțel lat laminat la cald, EN 10058.", 43,
     "Flat bars", "Hot-rolled flat bars, EN 10058."),
    ("Bare și platbandă > Oțel beton", "Oțel beton profilat BST500S pentru armături.", 44,
     "Rebar", "BST500S ribbed reinforcing bar."),
    ("Inox", "Oțel inoxidabil austenitic 304 și 316L.", 50,
     "Stainless steel", "Austenitic stainless steel 304 and 316L."),
    ("Inox > Table inox", "Tablă inox laminată la rece, EN 10088-2.", 51,
     "Stainless sheets", "Cold-rolled stainless sheet, EN 10088-2."),
    ("Inox > Țevi inox", "Țevi inox sudate, EN 10217-7.", 52,
     "Stainless tubes", "Welded stainless tubes, EN 10217-7."),
    ("Inox > Bare inox", "Bare rotunde inox, EN 10088-3.", 53,
     "Stainless bars", "Stainless round bars, EN 10088-3."),
    ("Aluminiu", "Table și profile din aluminiu.", 60,
     "Aluminium", "Aluminium sheets and sections."),
    ("Aluminiu > Table aluminiu", "Table de aluminiu, EN 485.", 61,
     "Aluminium sheets", "Aluminium sheets, EN 485."),
    ("Aluminiu > Profile aluminiu", "Profile extrudate din aluminiu, EN 755.", 62,
     "Aluminium sections", "Extruded aluminium sections, EN 755."),
]  # fmt: skip

# Nominal size -> (h, b, kg/m), EN 10365.
IPE = {
    80: (80, 46, 6.0), 100: (100, 55, 8.1), 120: (120, 64, 10.4), 140: (140, 73, 12.9),
    160: (160, 82, 15.8), 180: (180, 91, 18.8), 200: (200, 100, 22.4), 220: (220, 110, 26.2),
    240: (240, 120, 30.7), 270: (270, 135, 36.1), 300: (300, 150, 42.2), 330: (330, 160, 49.1),
    360: (360, 170, 57.1), 400: (400, 180, 66.3), 450: (450, 190, 77.6), 500: (500, 200, 90.7),
    550: (550, 210, 106.0), 600: (600, 220, 122.0),
}  # fmt: skip
HEA = {
    100: (96, 100, 16.7), 120: (114, 120, 19.9), 140: (133, 140, 24.7), 160: (152, 160, 30.4),
    180: (171, 180, 35.5), 200: (190, 200, 42.3), 220: (210, 220, 50.5), 240: (230, 240, 60.3),
    260: (250, 260, 68.2), 280: (270, 280, 76.4), 300: (290, 300, 88.3), 320: (310, 300, 97.6),
    340: (330, 300, 105.0), 360: (350, 300, 112.0), 400: (390, 300, 125.0),
    450: (440, 300, 140.0), 500: (490, 300, 155.0), 550: (540, 300, 166.0),
    600: (590, 300, 178.0),
}  # fmt: skip
HEB = {
    100: (100, 100, 20.4), 120: (120, 120, 26.7), 140: (140, 140, 33.7), 160: (160, 160, 42.6),
    180: (180, 180, 51.2), 200: (200, 200, 61.3), 220: (220, 220, 71.5), 240: (240, 240, 83.2),
    260: (260, 260, 93.0), 280: (280, 280, 103.0), 300: (300, 300, 117.0),
    320: (320, 300, 127.0), 340: (340, 300, 134.0), 360: (360, 300, 142.0),
    400: (400, 300, 155.0), 450: (450, 300, 171.0), 500: (500, 300, 187.0),
    550: (550, 300, 199.0), 600: (600, 300, 212.0),
}  # fmt: skip
UNP = {
    50: (50, 38, 5.59), 65: (65, 42, 7.09), 80: (80, 45, 8.64), 100: (100, 50, 10.6),
    120: (120, 55, 13.4), 140: (140, 60, 16.0), 160: (160, 65, 18.8), 180: (180, 70, 22.0),
    200: (200, 75, 25.3), 220: (220, 80, 29.4), 240: (240, 85, 33.2), 260: (260, 90, 37.9),
    280: (280, 95, 41.8), 300: (300, 100, 46.2), 320: (320, 100, 59.5), 350: (350, 100, 60.6),
    380: (380, 102, 63.1), 400: (400, 110, 71.8),
}  # fmt: skip
# (a, b, t) -> kg/m, EN 10056-1.
ANGLES = {
    (20, 20, 3): 0.882, (25, 25, 3): 1.12, (25, 25, 4): 1.45, (30, 30, 3): 1.36,
    (30, 30, 4): 1.78, (35, 35, 4): 2.09, (40, 40, 4): 2.42, (40, 40, 5): 2.97,
    (45, 45, 5): 3.38, (50, 50, 5): 3.77, (50, 50, 6): 4.47, (60, 60, 6): 5.42,
    (65, 65, 7): 6.83, (70, 70, 7): 7.38, (75, 75, 8): 8.99, (80, 80, 8): 9.63,
    (90, 90, 9): 12.2, (100, 100, 10): 15.0, (120, 120, 12): 21.6, (150, 150, 15): 33.8,
    (60, 40, 5): 3.76, (75, 50, 6): 5.65, (80, 60, 7): 7.36, (100, 50, 8): 8.99,
    (100, 65, 8): 9.94,
}  # fmt: skip
RHS = [
    (20, 10, 1.5), (30, 20, 2), (40, 20, 2), (40, 20, 3), (50, 25, 2), (50, 30, 2), (50, 30, 3),
    (60, 30, 2), (60, 40, 2), (60, 40, 3), (80, 40, 2), (80, 40, 3), (80, 40, 4), (80, 60, 3),
    (100, 40, 3), (100, 50, 3), (100, 50, 4), (100, 60, 4), (120, 60, 4), (120, 80, 4),
    (140, 80, 5), (150, 100, 5), (160, 80, 5), (200, 100, 5), (200, 100, 6),
]  # fmt: skip
SHS = [
    (15, 1.5), (20, 2), (25, 2), (30, 2), (30, 3), (35, 2), (40, 2), (40, 3), (40, 4), (50, 2),
    (50, 3), (50, 4), (60, 3), (60, 4), (70, 4), (80, 3), (80, 4), (80, 5), (100, 4), (100, 5),
    (100, 6), (120, 5), (140, 6), (150, 6), (200, 8),
]  # fmt: skip
CHS = [
    (21.3, 2), (26.9, 2.3), (33.7, 2.6), (42.4, 2.6), (48.3, 2.9), (48.3, 3.2), (60.3, 2.9),
    (60.3, 3.6), (76.1, 3.2), (88.9, 3.2), (88.9, 4), (101.6, 4), (114.3, 3.6), (114.3, 4.5),
    (139.7, 4), (139.7, 5), (168.3, 4.5), (168.3, 5.6), (219.1, 6.3), (273, 6.3),
]  # fmt: skip
ROUND_BARS = [6, 8, 10, 12, 14, 16, 18, 20, 22, 25, 28, 30, 32, 35, 40, 45, 50, 60, 70, 80, 90, 100]
ROUND_BARS_C45 = [20, 25, 30, 40, 50, 60]
SQUARE_BARS = [10, 12, 14, 16, 20, 25, 30, 40, 50]
FLAT_BARS = [
    (20, 3), (20, 4), (20, 5), (25, 3), (25, 5), (30, 3), (30, 5), (40, 4), (40, 5), (40, 8),
    (50, 5), (50, 6), (50, 8), (50, 10), (60, 6), (60, 8), (60, 10), (80, 6), (80, 8), (80, 10),
    (100, 6), (100, 8), (100, 10), (120, 10),
]  # fmt: skip
REBAR = [6, 8, 10, 12, 14, 16, 18, 20, 22, 25, 28, 32]

# RON per kg, excluding VAT.
PRICE_PER_KG = {
    "ipe": 5.10, "unp": 5.15, "he": 5.45, "angle": 5.30, "tube": 6.10, "chs": 6.40,
    "sheet_hr": 4.70, "sheet_cr": 5.20, "galv": 6.30, "bar": 5.20, "c45": 6.10, "square": 5.40,
    "flat": 5.30, "rebar": 4.10, "inox304": 23.50, "inox316": 33.00, "alu1050": 21.00,
    "alu5754": 24.00, "alu6060": 26.00,
}  # fmt: skip
S355_SURCHARGE = 0.45
FEATURED = {
    "IPE-200-S235JR", "HEB-200-S235JR", "TR-40X20X2", "TP-40X40X3", "TN-2000X1000X3-S235JR",
    "TZ-2000X1000X0.5", "OB-12-BST500S", "PL-40X5-S235JR",
}  # fmt: skip


def _d(value: float, places: str = "0.0001") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _en(number: float) -> str:
    """A dimension as English titles write it: 48.3 and 2.5 but 40."""
    return f"{number:g}"


def _ro(number: float) -> str:
    """A dimension as Romanian titles write it: 48,3 and 2,5 but 40."""
    return f"{number:g}".replace(".", ",")


def _dim(*numbers: float) -> str:
    return "x".join(f"{n:g}" for n in numbers)


def _roll(sku: str, modulo: int) -> int:
    return int(hashlib.sha256(sku.encode()).hexdigest()[:8], 16) % modulo


def _stock(sku: str, unit: str, bar_length: float | None, on_request: bool) -> tuple[str, str]:
    if on_request:
        return "on_request", "0"
    if _roll(sku, 41) == 0:
        return "out_of_stock", "0"
    if unit == "m":
        bars = 10 + _roll(sku, 190)
        return "in_stock", str(_d(bars * (bar_length or 6), "0.001"))
    if unit == "pcs":
        return "in_stock", str(5 + _roll(sku, 200))
    return "in_stock", str(500 + 50 * _roll(sku, 240))


def _row(
    *,
    sku: str,
    title: str,
    title_en: str,
    category: str,
    grade: str,
    standard: str,
    dimensions: str,
    unit: str,
    kg_per_unit: float,
    price_per_kg: float,
    length_m: float | None = None,
    on_request: bool = False,
    description: str = "",
    description_en: str = "",
    metadata: dict | None = None,
) -> dict:
    """One product; `kg_per_unit` is kg per metre for long products and kg per piece for sheets."""
    metadata = dict(metadata or {})
    if unit == "kg":
        metadata["kgPerM"] = float(_d(kg_per_unit, "0.001"))
        weight, price = Decimal(1), _d(price_per_kg, "0.01")
    else:
        weight = _d(kg_per_unit)
        price = _d(kg_per_unit * price_per_kg, "0.01")
    if sku in FEATURED:
        metadata["featured"] = True
    availability, stock = _stock(sku, unit, length_m, on_request)
    return {
        "sku": sku,
        "title": title,
        "titleEn": title_en,
        "category": category,
        "grade": grade,
        "standard": standard,
        "dimensions": dimensions,
        "availability": availability,
        "baseUnit": unit,
        "pricePerUnit": str(price),
        "weight": str(weight),
        "lengthM": "" if length_m is None else str(length_m),
        "stock": stock,
        "description": description,
        "descriptionEn": description_en,
        "metadata": metadata,
    }


def _hollow_area(h: float, b: float, t: float) -> float:
    """Cross-section (mm²) of a cold-formed hollow section, EN 10219-2 corner radii."""
    if t <= 6:
        outer, inner = 2 * t, t
    elif t <= 10:
        outer, inner = 2.5 * t, 1.5 * t
    else:
        outer, inner = 3 * t, 2 * t
    return 2 * t * (h + b - 2 * t) - (4 - math.pi) * (outer**2 - inner**2)


def _profiles() -> Iterator[dict]:
    families = [
        ("IPE", IPE, "Profile laminate > Profile IPE", "ipe", 200, 450),
        ("HEA", HEA, "Profile laminate > Profile HEA", "he", 200, 500),
        ("HEB", HEB, "Profile laminate > Profile HEB", "he", 200, 500),
        ("UNP", UNP, "Profile laminate > Profile UNP", "unp", 120, 320),
    ]
    for family, table, category, price_key, s355_from, on_request_from in families:
        for size, (h, b, kg_m) in table.items():
            grades = ["S235JR"] + (["S355J2"] if s355_from <= size <= 400 else [])
            for grade in grades:
                surcharge = S355_SURCHARGE if grade != "S235JR" else 0
                yield _row(
                    sku=f"{family}-{size}-{grade}",
                    title=f"Profil {family} {size} {grade}",
                    title_en=f"{family} {size} {'channel' if family == 'UNP' else 'beam'} {grade}",
                    category=category,
                    grade=grade,
                    standard="EN 10365",
                    dimensions=_dim(h, b),
                    unit="m",
                    kg_per_unit=kg_m,
                    price_per_kg=PRICE_PER_KG[price_key] + surcharge,
                    length_m=12,
                    on_request=size >= on_request_from,
                    description=(
                        f"Profil {family} {size} laminat la cald, înălțime {h} mm, lățime talpă"
                        f" {b} mm, {_ro(kg_m)} kg/m. Bare de 12 m, debitare la cerere."
                    ),
                    description_en=(
                        f"Hot-rolled {family} {size}, height {h} mm, flange width {b} mm, {_en(kg_m)} kg/m."
                        " 12 m bars, cut to length on request."
                    ),
                    metadata={"family": family, "hMm": h, "bMm": b},
                )


def _angles() -> Iterator[dict]:
    for (a, b, t), kg_m in ANGLES.items():
        equal = a == b
        dims = _dim(a, b, t)
        yield _row(
            sku=f"L-{dims.upper()}",
            title=f"Cornier {'' if equal else 'neegal '}{dims} S235JR",
            title_en=f"{'Equal' if equal else 'Unequal'} angle {dims} S235JR",
            category="Profile laminate > Corniere",
            grade="S235JR",
            standard="EN 10056-1",
            dimensions=dims,
            unit="m",
            kg_per_unit=kg_m,
            price_per_kg=PRICE_PER_KG["angle"],
            length_m=6,
            description=f"Cornier {'egal' if equal else 'neegal'} laminat la cald, bare de 6 m.",
            description_en=f"Hot-rolled {'equal' if equal else 'unequal'} angle, 6 m bars.",
            metadata={"family": "L"},
        )


def _tubes() -> Iterator[dict]:
    for h, b, t in RHS:
        dims = _dim(h, b, t)
        yield _row(
            sku=f"TR-{dims.upper()}",
            title=f"Țeavă rectangulară {_ro(h)}x{_ro(b)}x{_ro(t)} S235JRH",
            title_en=f"Rectangular tube {_en(h)}x{_en(b)}x{_en(t)} S235JRH",
            category="Țevi > Țevi rectangulare",
            grade="S235JRH",
            standard="EN 10219",
            dimensions=dims,
            unit="m",
            kg_per_unit=_hollow_area(h, b, t) * STEEL / 1000,
            price_per_kg=PRICE_PER_KG["tube"],
            length_m=6,
            description="Țeavă rectangulară sudată, formată la rece, bare de 6 m.",
            description_en="Welded cold-formed rectangular hollow section, 6 m bars.",
            metadata={"family": "RHS"},
        )
    for a, t in SHS:
        dims = _dim(a, a, t)
        yield _row(
            sku=f"TP-{dims.upper()}",
            title=f"Țeavă pătrată {_ro(a)}x{_ro(a)}x{_ro(t)} S235JRH",
            title_en=f"Square tube {_en(a)}x{_en(a)}x{_en(t)} S235JRH",
            category="Țevi > Țevi pătrate",
            grade="S235JRH",
            standard="EN 10219",
            dimensions=dims,
            unit="m",
            kg_per_unit=_hollow_area(a, a, t) * STEEL / 1000,
            price_per_kg=PRICE_PER_KG["tube"],
            length_m=6,
            description="Țeavă pătrată sudată, formată la rece, bare de 6 m.",
            description_en="Welded cold-formed square hollow section, 6 m bars.",
            metadata={"family": "SHS"},
        )
    for d, t in CHS:
        dims = _dim(d, t)
        yield _row(
            sku=f"TRO-{dims.upper()}",
            title=f"Țeavă rotundă {_ro(d)}x{_ro(t)} S235JRH",
            title_en=f"Round tube {_en(d)}x{_en(t)} S235JRH",
            category="Țevi > Țevi rotunde",
            grade="S235JRH",
            standard="EN 10219",
            dimensions=dims,
            unit="m",
            kg_per_unit=math.pi * t * (d - t) * STEEL / 1000,
            price_per_kg=PRICE_PER_KG["chs"],
            length_m=6,
            description="Țeavă rotundă sudată pentru construcții, bare de 6 m.",
            description_en="Welded structural round tube, 6 m bars.",
            metadata={"family": "CHS"},
        )


def _sheet(
    *,
    sku: str,
    title: str,
    title_en: str,
    category: str,
    grade: str,
    standard: str,
    length: int,
    width: int,
    t: float,
    density: float,
    price_key: str,
    extra_kg_m2: float = 0.0,
    on_request: bool = False,
    description: str = "",
    description_en: str = "",
) -> dict:
    area = length * width / 1e6
    return _row(
        sku=sku,
        title=title,
        title_en=title_en,
        category=category,
        grade=grade,
        standard=standard,
        dimensions=_dim(length, width, t),
        unit="pcs",
        kg_per_unit=area * (t * density + extra_kg_m2),
        price_per_kg=PRICE_PER_KG[price_key],
        on_request=on_request,
        description=description,
        description_en=description_en,
        metadata={"family": "sheet", "lengthMm": length, "widthMm": width, "thicknessMm": t},
    )


def _sheets() -> Iterator[dict]:
    for t in (0.8, 1, 1.5, 2):
        for length, width in ((2000, 1000), (2500, 1250)):
            yield _sheet(
                sku=f"TN-{length}X{width}X{t:g}-DC01",
                title=f"Tablă neagră laminată la rece {length}x{width}x{_ro(t)} mm DC01",
                title_en=f"Cold-rolled black sheet {length}x{width}x{_en(t)} mm DC01",
                category="Table > Table negre",
                grade="DC01",
                standard="EN 10130",
                length=length,
                width=width,
                t=t,
                density=STEEL,
                price_key="sheet_cr",
                description="Tablă neagră laminată la rece, pentru îndoire și ambutisare.",
                description_en="Cold-rolled black sheet for bending and deep drawing.",
            )
    for t in (2, 3, 4, 5, 6, 8, 10, 12, 15, 20):
        formats = [(2000, 1000)] if t <= 2 else [(2000, 1000), (3000, 1500)]
        for length, width in formats:
            if t >= 15 and length == 2000:
                continue
            yield _sheet(
                sku=f"TN-{length}X{width}X{t:g}-S235JR",
                title=f"Tablă neagră {length}x{width}x{_ro(t)} mm S235JR",
                title_en=f"Black steel plate {length}x{width}x{_en(t)} mm S235JR",
                category="Table > Table negre",
                grade="S235JR",
                standard="EN 10051",
                length=length,
                width=width,
                t=t,
                density=STEEL,
                price_key="sheet_hr",
                on_request=t >= 15,
                description="Tablă groasă laminată la cald, debitare la cerere.",
                description_en="Hot-rolled plate, cut to size on request.",
            )
    galvanized = [(t, 2000, 1000) for t in (0.4, 0.5, 0.6, 0.7, 0.8, 1, 1.2, 1.5, 2)]
    galvanized += [(t, 2500, 1250) for t in (0.5, 0.8, 1, 1.5, 2)]
    for t, length, width in galvanized:
        yield _sheet(
            sku=f"TZ-{length}X{width}X{t:g}",
            title=f"Tablă zincată {length}x{width}x{_ro(t)} mm DX51D Z275",
            title_en=f"Galvanized sheet {length}x{width}x{_en(t)} mm DX51D Z275",
            category="Table > Table zincate",
            grade="DX51D",
            standard="EN 10346",
            length=length,
            width=width,
            t=t,
            density=STEEL,
            price_key="galv",
            extra_kg_m2=0.275,
            description="Tablă zincată la cald, strat de zinc 275 g/m² (ambele fețe).",
            description_en="Hot-dip galvanized sheet, 275 g/m² zinc coating (both sides).",
        )


def _bars() -> Iterator[dict]:
    def round_bar(d: float, grade: str, price_key: str, standard: str) -> dict:
        return _row(
            sku=f"OR-{d:g}-{grade}",
            title=f"Oțel rotund Ø{_ro(d)} {grade}",
            title_en=f"Round bar Ø{_en(d)} {grade}",
            category="Bare și platbandă > Oțel rotund",
            grade=grade,
            standard=standard,
            dimensions=f"Ø{d:g}",
            unit="kg",
            kg_per_unit=math.pi / 4 * d * d * STEEL / 1000,
            price_per_kg=PRICE_PER_KG[price_key],
            length_m=6,
            on_request=d >= 90,
            description="Bară rotundă laminată la cald, bare de 6 m, vândută la kilogram.",
            description_en="Hot-rolled round bar, 6 m bars, sold by the kilogram.",
            metadata={"family": "round_bar"},
        )

    for d in ROUND_BARS:
        yield round_bar(d, "S235JR", "bar", "EN 10060")
    for d in ROUND_BARS_C45:
        yield round_bar(d, "C45", "c45", "EN 10083-2")
    for a in SQUARE_BARS:
        yield _row(
            sku=f"OP-{a}-S235JR",
            title=f"Oțel pătrat {a}x{a} S235JR",
            title_en=f"Square bar {a}x{a} S235JR",
            category="Bare și platbandă > Oțel pătrat",
            grade="S235JR",
            standard="EN 10059",
            dimensions=_dim(a, a),
            unit="kg",
            kg_per_unit=a * a * STEEL / 1000,
            price_per_kg=PRICE_PER_KG["square"],
            length_m=6,
            description="Bară pătrată laminată la cald, bare de 6 m, vândută la kilogram.",
            description_en="Hot-rolled square bar, 6 m bars, sold by the kilogram.",
            metadata={"family": "square_bar"},
        )
    for b, t in FLAT_BARS:
        yield _row(
            sku=f"PL-{b}X{t}-S235JR",
            title=f"Platbandă {b}x{t} S235JR",
            title_en=f"Flat bar {b}x{t} S235JR",
            category="Bare și platbandă > Platbandă",
            grade="S235JR",
            standard="EN 10058",
            dimensions=_dim(b, t),
            unit="m",
            kg_per_unit=b * t * STEEL / 1000,
            price_per_kg=PRICE_PER_KG["flat"],
            length_m=6,
            description="Oțel lat laminat la cald, bare de 6 m.",
            description_en="Hot-rolled flat bar, 6 m bars.",
            metadata={"family": "flat_bar"},
        )
    for d in REBAR:
        yield _row(
            sku=f"OB-{d}-BST500S",
            title=f"Oțel beton Ø{d} BST500S",
            title_en=f"Rebar Ø{d} BST500S",
            category="Bare și platbandă > Oțel beton",
            grade="BST500S",
            standard="SR 438-1",
            dimensions=f"Ø{d}",
            unit="kg",
            kg_per_unit=math.pi / 4 * d * d * STEEL / 1000,
            price_per_kg=PRICE_PER_KG["rebar"],
            length_m=12,
            description="Oțel beton profilat (PC52), bare de 12 m, vândut la kilogram.",
            description_en="Ribbed reinforcing bar (PC52), 12 m bars, sold by the kilogram.",
            metadata={"family": "rebar"},
        )


def _stainless() -> Iterator[dict]:
    for grade, thicknesses, density, key in (
        ("304", (0.8, 1, 1.5, 2, 3), INOX_304, "inox304"),
        ("316L", (1, 1.5, 2), INOX_316, "inox316"),
    ):
        for t in thicknesses:
            yield _sheet(
                sku=f"INOX-TB-{grade}-2000X1000X{t:g}",
                title=f"Tablă inox 2000x1000x{_ro(t)} mm AISI {grade}",
                title_en=f"Stainless sheet 2000x1000x{_en(t)} mm AISI {grade}",
                category="Inox > Table inox",
                grade=grade,
                standard="EN 10088-2",
                length=2000,
                width=1000,
                t=t,
                density=density,
                price_key=key,
                description=f"Tablă inox AISI {grade}, finisaj 2B, laminată la rece.",
                description_en=f"Cold-rolled AISI {grade} stainless sheet, 2B finish.",
            )
    for d, t in ((21.3, 2), (33.7, 2), (42.4, 2), (48.3, 2), (60.3, 2), (76.1, 2)):
        yield _row(
            sku=f"INOX-TRO-304-{_dim(d, t).upper()}",
            title=f"Țeavă inox rotundă {_ro(d)}x{_ro(t)} AISI 304",
            title_en=f"Stainless round tube {_en(d)}x{_en(t)} AISI 304",
            category="Inox > Țevi inox",
            grade="304",
            standard="EN 10217-7",
            dimensions=_dim(d, t),
            unit="m",
            kg_per_unit=math.pi * t * (d - t) * INOX_304 / 1000,
            price_per_kg=PRICE_PER_KG["inox304"],
            length_m=6,
            description="Țeavă inox sudată, bare de 6 m.",
            description_en="Welded stainless tube, 6 m bars.",
            metadata={"family": "CHS"},
        )
    for a, t in ((20, 1.5), (30, 1.5), (40, 2)):
        yield _row(
            sku=f"INOX-TP-304-{_dim(a, a, t).upper()}",
            title=f"Țeavă inox pătrată {a}x{a}x{_ro(t)} AISI 304",
            title_en=f"Stainless square tube {a}x{a}x{_en(t)} AISI 304",
            category="Inox > Țevi inox",
            grade="304",
            standard="EN 10217-7",
            dimensions=_dim(a, a, t),
            unit="m",
            kg_per_unit=_hollow_area(a, a, t) * INOX_304 / 1000,
            price_per_kg=PRICE_PER_KG["inox304"],
            length_m=6,
            description="Țeavă inox pătrată sudată, bare de 6 m.",
            description_en="Welded stainless square tube, 6 m bars.",
            metadata={"family": "SHS"},
        )
    for d in (10, 12, 16, 20, 25, 30):
        yield _row(
            sku=f"INOX-OR-304-{d}",
            title=f"Bară inox rotundă Ø{d} AISI 304",
            title_en=f"Stainless round bar Ø{d} AISI 304",
            category="Inox > Bare inox",
            grade="304",
            standard="EN 10088-3",
            dimensions=f"Ø{d}",
            unit="kg",
            kg_per_unit=math.pi / 4 * d * d * INOX_304 / 1000,
            price_per_kg=PRICE_PER_KG["inox304"],
            length_m=6,
            description="Bară inox trasă, toleranță h9, vândută la kilogram.",
            description_en="Cold-drawn stainless bar, h9 tolerance, sold by the kilogram.",
            metadata={"family": "round_bar"},
        )


def _aluminium() -> Iterator[dict]:
    for grade, thicknesses, key, label in (
        ("1050 H24", (0.5, 1, 1.5, 2, 3), "alu1050", ""),
        ("5754 H22", (2, 3, 4, 5), "alu5754", " AlMg3"),
    ):
        for t in thicknesses:
            yield _sheet(
                sku=f"AL-TB-{grade.split()[0]}-2000X1000X{t:g}",
                title=f"Tablă aluminiu{label} 2000x1000x{_ro(t)} mm {grade}",
                title_en=f"Aluminium sheet{label} 2000x1000x{_en(t)} mm {grade}",
                category="Aluminiu > Table aluminiu",
                grade=grade,
                standard="EN 485",
                length=2000,
                width=1000,
                t=t,
                density=ALU,
                price_key=key,
                description="Tablă de aluminiu laminată, debitare la cerere.",
                description_en="Rolled aluminium sheet, cut to size on request.",
            )
    for t in (2, 3):
        yield _sheet(
            sku=f"AL-TS-2000X1000X{t}",
            title=f"Tablă aluminiu striată 2000x1000x{_ro(t)} mm",
            title_en=f"Aluminium chequered sheet 2000x1000x{_en(t)} mm",
            category="Aluminiu > Table aluminiu",
            grade="5754 H22",
            standard="EN 1386",
            length=2000,
            width=1000,
            t=t + 0.5,
            density=ALU,
            price_key="alu5754",
            description="Tablă striată antiderapantă (model quintet), grosime bază + 0,5 mm.",
            description_en="Anti-slip chequered sheet (quintet pattern), base thickness + 0.5 mm.",
        )
    for b, t in ((20, 2), (30, 3), (40, 3), (50, 5)):
        yield _row(
            sku=f"AL-PL-6060-{b}X{t}",
            title=f"Platbandă aluminiu {b}x{t} 6060",
            title_en=f"Aluminium flat bar {b}x{t} 6060",
            category="Aluminiu > Profile aluminiu",
            grade="6060 T6",
            standard="EN 755",
            dimensions=_dim(b, t),
            unit="m",
            kg_per_unit=b * t * ALU / 1000,
            price_per_kg=PRICE_PER_KG["alu6060"],
            length_m=6,
            description="Platbandă extrudată din aluminiu, bare de 6 m.",
            description_en="Extruded aluminium flat bar, 6 m bars.",
            metadata={"family": "flat_bar"},
        )
    for a, t in ((20, 2), (30, 3), (40, 4)):
        yield _row(
            sku=f"AL-L-6060-{a}X{a}X{t}",
            title=f"Cornier aluminiu {a}x{a}x{t} 6060",
            title_en=f"Aluminium angle {a}x{a}x{t} 6060",
            category="Aluminiu > Profile aluminiu",
            grade="6060 T6",
            standard="EN 755",
            dimensions=_dim(a, a, t),
            unit="m",
            kg_per_unit=t * (2 * a - t) * ALU / 1000,
            price_per_kg=PRICE_PER_KG["alu6060"],
            length_m=6,
            description="Cornier extrudat din aluminiu, bare de 6 m.",
            description_en="Extruded aluminium angle, 6 m bars.",
            metadata={"family": "L"},
        )


def product_rows() -> list[dict]:
    return [
        *_profiles(),
        *_angles(),
        *_tubes(),
        *_sheets(),
        *_bars(),
        *_stainless(),
        *_aluminium(),
    ]
